package engine

import "testing"

// RFC 6455 §8.1: a text message that is not valid UTF-8 fails the
// connection with 1007, before and after the handshake.
func TestInvalidUTF8TextIsClosedWith1007(t *testing.T) {
	h := newHarness(t, nil)
	before := h.rawDial()
	before.expectEvent("connect.challenge")
	after := h.rawOpen("operator.read")
	before.write(clientFrame(opText, true, []byte("{\"type\":\"req\",\"id\":\"1\",\"method\":\"connect\",\"x\":\"\xff\"}")))
	after.write(clientFrame(opText, true, []byte("{\"type\":\"req\",\"id\":\"2\",\"method\":\"health\",\"x\":\"\xed\xa0\x80\"}")))
	for _, r := range []*rawClient{before, after} {
		if code, _ := r.closeFrame(); code != closeInvalidPayload {
			t.Fatalf("close code %d, want 1007", code)
		}
		r.conn.Close()
	}
	h.noSocketsLeft()
	h.open("operator", "operator.read") // still serving
}
