package testclient

import (
	"bytes"
	"testing"
)

// TestFramesRoundTrip encodes unmasked frames of every length class and
// reads them back as a server's frames; a masked one is refused, since a
// server never masks.
func TestFramesRoundTrip(t *testing.T) {
	for _, n := range []int{0, 125, 126, 0xffff, 0x10000} {
		payload := bytes.Repeat([]byte{'x'}, n)
		f, err := ReadServerFrame(bytes.NewReader(UnmaskedFrame(OpBinary, false, payload)))
		if err != nil || f.Opcode != OpBinary || f.Fin || !bytes.Equal(f.Payload, payload) {
			t.Fatalf("length %d: %d bytes, opcode %#x, fin %v, %v", n, len(f.Payload), f.Opcode, f.Fin, err)
		}
	}
	masked := ClientFrame(OpText, true, []byte("hi"))
	if bytes.Contains(masked, []byte("hi")) {
		t.Fatal("a client frame's payload is not masked")
	}
	if _, err := ReadServerFrame(bytes.NewReader(masked)); err == nil {
		t.Fatal("a masked frame was read as a server's")
	}
}
