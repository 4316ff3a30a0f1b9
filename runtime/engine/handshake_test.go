package engine

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/internal/testclient"
)

func TestChallengeIsTheFirstFrame(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	f := c.read()
	if f.Type != "event" || f.Event != "connect.challenge" || f.Seq != nil {
		t.Fatalf("first frame = %+v", f)
	}
	var p struct {
		Nonce string `json:"nonce"`
		TS    int64  `json:"ts"`
	}
	if err := json.Unmarshal(f.Payload, &p); err != nil || len(p.Nonce) != 36 || p.TS < time.Now().Add(-time.Minute).UnixMilli() {
		t.Fatalf("challenge payload = %s (%v)", f.Payload, err)
	}
}

func TestFirstFrameRules(t *testing.T) {
	big := `{"type":"req","id":"1","method":"connect","params":{"pad":"` + strings.Repeat("x", 2000) + `"}}`
	cases := []struct {
		name       string
		frame      string
		wantReply  string // error message of the reply; "" for no reply
		wantCode   websocket.StatusCode
		wantReason string
	}{
		{"not json", "hello", "", 1000, ""},
		{"not a request frame", `{"type":"event","event":"x"}`, "", 1008, "invalid request frame"},
		{"first request not connect", `{"type":"req","id":"7","method":"health"}`,
			"invalid handshake: first request must be connect", 1008, "invalid handshake: first request must be connect"},
		{"invalid connect params", `{"type":"req","id":"8","method":"connect","params":[1]}`,
			"invalid connect params: at root: must be object", 1008, "invalid connect params: at root: must be object"},
		{"refused", `{"type":"req","id":"9","method":"connect","params":{"refuse":true}}`,
			"unauthorized: test", 1008, "unauthorized: test"},
		{"too big before the handshake", big, "", 1009, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			c := h.dial()
			c.read() // challenge
			c.send(tc.frame)
			if tc.wantReply != "" {
				f := c.read()
				if f.Type != "res" || f.OK || f.Error == nil || f.Error.Message != tc.wantReply || f.Error.Code != "INVALID_REQUEST" {
					t.Fatalf("reply = %+v %+v", f, f.Error)
				}
			}
			ce := c.closed()
			if ce.Code != tc.wantCode || ce.Reason != tc.wantReason {
				t.Fatalf("close = %d %q, want %d %q", ce.Code, ce.Reason, tc.wantCode, tc.wantReason)
			}
		})
	}
}

func TestHandshakeTimeoutClosesNormally(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Policy.HandshakeTimeoutMs = 100 })
	c := h.dial()
	c.read()
	ce := c.closed()
	if ce.Code != 1000 || ce.Reason != "" {
		t.Fatalf("close = %d %q", ce.Code, ce.Reason)
	}
}

func TestPreauthBudgetPerIP(t *testing.T) {
	h := newHarness(t, nil) // 3 unauthenticated sockets per IP
	for range 3 {
		h.dial().read()
	}
	if _, err := testclient.TryDial(t, h.url, testclient.Options{NoChallenge: true}); err == nil ||
		!strings.HasSuffix(err.Error(), "(HTTP 503)") {
		t.Fatalf("fourth pre-auth socket: err=%v, want a 503", err)
	}
	// A socket that completes its handshake frees its slot.
	h2 := newHarness(t, nil)
	for range 3 {
		h2.open("operator", "operator.read")
	}
	h2.open("operator", "operator.read")
}

func TestHelloIsSentBeforeAnyBroadcast(t *testing.T) {
	h := newHarness(t, nil)
	// Broadcasts go out without pause while the client connects: open
	// fails unless the hello is the first frame after the challenge.
	// (They may be dropped if the queue fills: the client reads them only
	// afterwards.)
	stop := make(chan struct{})
	var broadcaster sync.WaitGroup
	broadcaster.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				h.srv.Broadcast(Event{Name: "read.event", Payload: map[string]int{"n": 1}})
			}
		}
	})
	c := h.open("operator", "operator.admin")
	close(stop)
	broadcaster.Wait()
	h.srv.Broadcast(Event{Name: "read.event", Payload: map[string]int{"n": 1}}) // at least one reaches c
	f := c.read()
	if f.Event != "read.event" || f.Seq == nil || *f.Seq != 1 {
		t.Fatalf("first broadcast = %+v", f)
	}
}
