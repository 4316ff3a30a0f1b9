package engine

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

func TestAuthorization(t *testing.T) {
	h := newHarness(t, nil)
	reader := h.open("operator", "operator.read")
	node := h.open("node")
	writer := h.open("operator", "operator.write")
	cases := []struct {
		name   string
		c      *client
		method string
		ok     bool
		msg    string
	}{
		{"health for anyone", node, "health", true, ""},
		{"read scope", reader, "echo", true, ""},
		{"write implies read", writer, "echo", true, ""},
		{"missing scope", reader, "admin.only", false, "missing scope: operator.admin"},
		{"node calls operator method", node, "echo", false, "unauthorized role: node"},
		{"operator calls node method", reader, "node.only", false, "unauthorized role: operator"},
		{"node calls node method", node, "node.only", true, ""},
		{"unknown method needs admin", reader, "no.such.method", false, "missing scope: operator.admin"},
		{"connect after handshake needs admin", reader, "connect", false, "missing scope: operator.admin"},
		{"listed but not implemented", reader, "listed.not.implemented", false, "unknown method: listed.not.implemented"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.c.call(strconv.Itoa(i), tc.method, `{}`)
			if f.OK != tc.ok {
				t.Fatalf("ok = %v, reply %+v %+v", f.OK, f, f.Error)
			}
			if !tc.ok && (f.Error.Code != "INVALID_REQUEST" || f.Error.Message != tc.msg) {
				t.Fatalf("error = %+v, want %q", f.Error, tc.msg)
			}
		})
	}
	admin := h.open("operator", "operator.admin")
	if f := admin.call("x", "no.such.method", `{}`); f.Error == nil || f.Error.Message != "unknown method: no.such.method" {
		t.Fatalf("admin calling an unknown method: %+v", f.Error)
	}
}

func TestFloodGuardClosesOnTheEleventhRoleRefusal(t *testing.T) {
	h := newHarness(t, nil)
	node := h.open("node")
	refuse := func(n int, tag string) {
		for i := range n {
			f := node.call(tag+strconv.Itoa(i), "echo", `{}`)
			if f.Error == nil || f.Error.Message != "unauthorized role: node" {
				t.Fatalf("call %s%d: %+v", tag, i, f.Error)
			}
		}
	}
	refuse(floodLimit, "a")
	if f := node.call("alive", "health", `{}`); !f.OK { // ten leave it open; an answer resets the run
		t.Fatalf("ten refusals closed the connection: %+v", f)
	}
	refuse(floodLimit+1, "b") // the eleventh is still answered
	if ce := node.closed(); ce.Code != 1008 || ce.Reason != "repeated unauthorized calls" {
		t.Fatalf("close = %d %q", ce.Code, ce.Reason)
	}
}

func TestFloodGuardRunEndsOnAnyOtherAnswer(t *testing.T) {
	h := newHarness(t, nil)
	reader := h.open("operator", "operator.read")
	for i := range 3 * floodLimit {
		method := "node.only"
		if i%floodLimit == floodLimit-1 {
			method = "admin.only" // a scope refusal is not a role refusal: it ends the run
		}
		reader.call(strconv.Itoa(i), method, `{}`)
	}
	if f := reader.call("last", "health", `{}`); !f.OK {
		t.Fatalf("connection should still serve: %+v", f)
	}
}

func TestFloodGuardCountsOnlyConsecutiveRefusals(t *testing.T) {
	h := newHarness(t, nil)
	node := h.open("node")
	for i := range 3 * floodLimit {
		method := "echo"
		if i%floodLimit == floodLimit-1 {
			method = "health" // an authorized call resets the run
		}
		node.call(strconv.Itoa(i), method, `{}`)
	}
	if f := node.call("last", "health", `{}`); !f.OK {
		t.Fatalf("connection should still serve: %+v", f)
	}
}

func TestInvalidFramesAfterHandshake(t *testing.T) {
	h := newHarness(t, nil)
	c := h.open("operator", "operator.read")
	c.send("not json at all") // ignored
	c.send(`{"type":"req","id":"bad","method":""}`)
	if f := c.read(); f.ID != "bad" || f.Error == nil || f.Error.Message != "invalid request frame: at root: bad envelope" {
		t.Fatalf("reply = %+v %+v", f, f.Error)
	}
	c.send(`{"type":"event","event":"x"}`)
	if f := c.read(); f.ID != "invalid" || f.Error == nil {
		t.Fatalf("reply to a frame without id = %+v", f)
	}
	if f := c.call("p", "echo", `[1]`); f.Error == nil || f.Error.Message != "invalid echo params: at root: must be object" {
		t.Fatalf("bad params reply = %+v", f.Error)
	}
	if f := c.call("ok", "echo", `{"a":1}`); !f.OK || string(f.Payload) != `{"a":1}` {
		t.Fatalf("still serving: %+v", f)
	}
}

func TestHandlerPanicIsAnErrorReply(t *testing.T) {
	h := newHarness(t, nil)
	c := h.open("operator", "operator.read")
	if f := c.call("1", "boom", `{}`); f.OK || f.Error.Code != "UNAVAILABLE" {
		t.Fatalf("reply = %+v", f)
	}
	if f := c.call("2", "echo", `{}`); !f.OK {
		t.Fatalf("connection should survive a handler panic: %+v", f)
	}
}

func TestTwoPhaseRepliesTwiceWithOneID(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, nil)
		c := h.open("operator", "operator.write")
		c.send(`{"type":"req","id":"run","method":"two.phase","params":{"idempotencyKey":"k1"}}`)
		ack := c.response("run")
		if !ack.OK || string(ack.Payload) != `{"status":"accepted"}` {
			t.Fatalf("ack = %+v", ack)
		}
		close(h.release)
		final := c.response("run")
		if !final.OK || string(final.Payload) != `{"status":"ok"}` {
			t.Fatalf("final = %+v", final)
		}
	})
}

func TestIdempotentDuplicatesShareOneRun(t *testing.T) {
	h := newHarness(t, nil)
	a := h.open("operator", "operator.read")
	b := h.open("operator", "operator.read")
	a.send(`{"type":"req","id":"a","method":"slow","params":{"idempotencyKey":"same","n":1}}`)
	b.send(`{"type":"req","id":"b","method":"slow","params":{"idempotencyKey":"same","n":2}}`)
	time.Sleep(50 * time.Millisecond) // both requests in flight before the release
	close(h.release)
	fa, fb := a.response("a"), b.response("b")
	if string(fa.Payload) != string(fb.Payload) {
		t.Fatalf("duplicate got a different reply: %s vs %s", fa.Payload, fb.Payload)
	}
	var got map[string]string
	_ = json.Unmarshal(fa.Payload, &got)
	if got["ran"] != `{"idempotencyKey":"same","n":1}` && got["ran"] != `{"idempotencyKey":"same","n":2}` {
		t.Fatalf("payload = %s", fa.Payload)
	}
	// A later repeat is answered from the cache.
	if f := a.call("c", "slow", `{"idempotencyKey":"same","n":3}`); string(f.Payload) != string(fa.Payload) {
		t.Fatalf("cached reply = %s, want %s", f.Payload, fa.Payload)
	}
}

func TestTwoPhaseDuplicateGetsTheAckOnly(t *testing.T) {
	h := newHarness(t, nil)
	a := h.open("operator", "operator.write")
	b := h.open("operator", "operator.write")
	a.send(`{"type":"req","id":"a","method":"two.phase","params":{"idempotencyKey":"k"}}`)
	a.response("a") // ack
	if f := b.call("b", "two.phase", `{"idempotencyKey":"k"}`); string(f.Payload) != `{"status":"accepted"}` {
		t.Fatalf("duplicate reply = %s", f.Payload)
	}
	close(h.release)
	if f := a.response("a"); string(f.Payload) != `{"status":"ok"}` {
		t.Fatalf("final = %s", f.Payload)
	}
	if _, err := b.tryRead(200 * time.Millisecond); err == nil {
		t.Fatal("the duplicate must not receive a second reply")
	}
}
