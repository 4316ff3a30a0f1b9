package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"
)

// Frames a hostile or broken client may send, before and after the
// handshake. Whatever arrives, the gateway must answer or close as the
// protocol says, release the socket and go on serving others.

func TestAPeerThatLeavesDuringTheHandshakeIsReleased(t *testing.T) {
	h := newHarness(t, nil) // 3 unauthenticated sockets per address
	for range 3 {
		c := h.dial()
		c.read() // challenge
		_ = c.WS().CloseNow()
	}
	h.noSocketsLeft()
	for range 3 { // the budget slots came back
		h.dial().read()
	}
}

func TestHostileFramesBeforeTheHandshake(t *testing.T) {
	cases := []struct {
		name  string
		frame []byte
		code  int // 0: dropped without a close frame
	}{
		{"unmasked frame", unmaskedFrame(opText, true, []byte(`{}`)), 0},
		{"reserved bits", func() []byte { f := clientFrame(opText, true, []byte(`{}`)); f[0] |= 0x40; return f }(), 1002},
		{"unknown opcode", clientFrame(0x3, true, []byte(`{}`)), 1002},
		{"continuation first", clientFrame(opContinuation, true, []byte(`{}`)), 1002},
		{"fragmented ping", clientFrame(opPing, false, nil), 1002},
		{"oversized ping", clientFrame(opPing, true, bytes.Repeat([]byte{'p'}, 126)), 1002},
		{"close code out of range", clientFrame(opClose, true, []byte{0x03, 0xe7}), 1002},
		{"negative length", append([]byte{0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1}, 1, 2, 3, 4), 0},
		{"binary first frame", clientFrame(opBinary, true, []byte(`{"type":"req"}`)), 1000},
		{"HTTP garbage", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 1002},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			r := h.rawDial()
			r.expectEvent("connect.challenge")
			r.write(tc.frame)
			if tc.code == 0 {
				r.dropped()
			} else if code, _ := r.closeFrame(); code != tc.code {
				t.Fatalf("close code %d, want %d", code, tc.code)
			}
			r.conn.Close()
			h.noSocketsLeft()
			h.open("operator", "operator.read") // still serving
		})
	}
}

func TestAPeerThatLeavesMidFrameIsReleased(t *testing.T) {
	for _, reset := range []bool{false, true} {
		h := newHarness(t, nil)
		before := h.rawDial()
		before.expectEvent("connect.challenge")
		after := h.rawOpen("operator.read")
		for _, r := range []*rawClient{before, after} {
			f := clientFrame(opText, true, []byte(`{"type":"req","id":"1","method":"health"}`))
			r.write(f[:len(f)/2])
			if reset {
				_ = r.conn.SetLinger(0) // close with a reset
			}
			r.conn.Close()
		}
		h.noSocketsLeft()
	}
}

func TestPreauthLimitCountsTheWholeFragmentedMessage(t *testing.T) {
	const limit = 64 << 10
	h := newHarness(t, func(c *Config) { c.Policy.PreauthMaxPayload = limit })
	connect := func(size int) []byte {
		head := `{"type":"req","id":"c1","method":"connect","params":{"role":"operator","scopes":["operator.read"],"pad":"`
		tail := `"}}`
		return []byte(head + strings.Repeat("x", size-len(head)-len(tail)) + tail)
	}
	// Exactly the limit, in three fragments with a ping between them, is
	// accepted: the pong comes first, then the hello.
	r := h.rawDial()
	r.expectEvent("connect.challenge")
	msg := connect(limit)
	r.write(clientFrame(opText, false, msg[:1000]), clientFrame(opPing, true, []byte("between")),
		clientFrame(opContinuation, false, msg[1000:40000]), clientFrame(opContinuation, true, msg[40000:]))
	if f := r.next(); f.opcode != opPong || string(f.payload) != "between" {
		t.Fatalf("got opcode %#x %q, want the pong", f.opcode, f.payload)
	}
	if f := r.readJSON(); !f.OK || f.ID != "c1" {
		t.Fatalf("connect of exactly %d bytes: %+v", limit, f)
	}
	// One byte more, spread over fragments each well under the limit, is
	// too big.
	r = h.rawDial()
	r.expectEvent("connect.challenge")
	msg = connect(limit + 1)
	r.write(clientFrame(opText, false, msg[:limit/2]), clientFrame(opContinuation, true, msg[limit/2:]))
	if code, reason := r.closeFrame(); code != 1009 || reason != "" {
		t.Fatalf("close %d %q, want 1009 and no reason", code, reason)
	}
}

func TestAFrameThatLiesAboutItsLengthIsCutAtTheLimit(t *testing.T) {
	h := newHarness(t, nil) // pre-auth limit 1 KiB, then 1 MiB
	for _, open := range []bool{false, true} {
		var r *rawClient
		limit := 1024
		if open {
			r, limit = h.rawOpen("operator.read"), 1<<20
		} else {
			r = h.rawDial()
			r.expectEvent("connect.challenge")
		}
		header := []byte{0x81, 0xff}
		header = binary.BigEndian.AppendUint64(header, 1<<62)
		header = append(header, 1, 2, 3, 4)
		r.write(header, bytes.Repeat([]byte{'x'}, limit+1))
		if code, _ := r.closeFrame(); code != 1009 {
			t.Fatalf("open=%v: close %d, want 1009", open, code)
		}
		r.conn.Close()
	}
	h.noSocketsLeft()
}

func TestFragmentedRequestsWithControlFramesBetween(t *testing.T) {
	h := newHarness(t, nil)
	r := h.rawOpen("operator.read")
	req := []byte(`{"type":"req","id":"frag","method":"echo","params":{"pieces":3}}`)
	r.write(clientFrame(opText, false, req[:10]), clientFrame(opPing, true, []byte("1")),
		clientFrame(opContinuation, false, req[10:11]), clientFrame(opPong, true, nil),
		clientFrame(opContinuation, false, nil), clientFrame(opPing, true, []byte("2")),
		clientFrame(opContinuation, true, req[11:]))
	var pongs []string
	for {
		f := r.next()
		if f.opcode == opPong {
			pongs = append(pongs, string(f.payload))
			continue
		}
		var res frame
		if f.opcode != opText || !f.fin || json.Unmarshal(f.payload, &res) != nil {
			t.Fatalf("got opcode %#x %q", f.opcode, f.payload)
		}
		if res.ID != "frag" || string(res.Payload) != `{"pieces":3}` {
			t.Fatalf("reply = %+v %s", res, res.Payload)
		}
		break
	}
	if strings.Join(pongs, ",") != "1,2" {
		t.Fatalf("pongs %q, want both, in order and before the reply", pongs)
	}
}

func TestSmallFramesSharingASegmentAreAllRead(t *testing.T) {
	h := newHarness(t, nil)
	r := h.rawOpen("operator.read")
	// A short message that is not a request, then a ping, in one write:
	// the ping must be answered although no more bytes follow.
	r.write(clientFrame(opText, true, []byte("x")), clientFrame(opPing, true, []byte("p")))
	if f := r.next(); f.opcode != opPong || string(f.payload) != "p" {
		t.Fatalf("got opcode %#x %q, want the pong", f.opcode, f.payload)
	}
	// The same with a close frame: the close handshake completes. (The
	// reply to {} may or may not precede the close: the WebSocket library
	// answers a peer's close as soon as it reads it.)
	r.write(clientFrame(opText, true, []byte("{}")), clientFrame(opClose, true, []byte{0x03, 0xe8}))
	if code, _ := r.closeFrame(); code != 1000 {
		t.Fatalf("close echo %d, want 1000", code)
	}
}

func TestAfterTheHandshake(t *testing.T) {
	t.Run("binary messages are ignored", func(t *testing.T) {
		h := newHarness(t, nil)
		r := h.rawOpen("operator.read")
		r.write(clientFrame(opBinary, true, []byte(`{"type":"req","id":"b","method":"health"}`)),
			clientFrame(opText, true, []byte(`{"type":"req","id":"t","method":"health"}`)))
		if f := r.readJSON(); f.ID != "t" || !f.OK {
			t.Fatalf("reply = %+v, want only the text request's", f)
		}
	})
	t.Run("an unmasked frame drops the connection", func(t *testing.T) {
		h := newHarness(t, nil)
		r := h.rawOpen("operator.read")
		r.write(unmaskedFrame(opText, true, []byte(`{"type":"req","id":"u","method":"health"}`)))
		r.dropped()
		h.noSocketsLeft()
	})
	t.Run("a protocol error closes 1002", func(t *testing.T) {
		h := newHarness(t, nil)
		r := h.rawOpen("operator.read")
		r.write(clientFrame(opContinuation, true, []byte("stray")))
		if code, _ := r.closeFrame(); code != 1002 {
			t.Fatalf("close %d, want 1002", code)
		}
		r.conn.Close()
		h.noSocketsLeft()
	})
}
