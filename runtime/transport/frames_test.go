package transport

import (
	"io"

	"github.com/gatewire/gatewire/internal/testclient"
)

// Frame encoding for the tests, which send frames no well-behaved client
// library would and read what the server puts on the wire: thin names
// over the one test client's raw frames.

// WebSocket opcodes only the tests use.
const (
	opContinuation = testclient.OpContinuation
	opBinary       = testclient.OpBinary
)

// frameBytes encodes a text frame's header (masked with a fixed key when
// mask is set) and returns it with the payload, unmasked.
func frameBytes(payload []byte, mask bool) (header, body []byte) {
	return testclient.FrameHeader(len(payload), mask), payload
}

// clientFrame encodes one masked client frame.
func clientFrame(opcode byte, fin bool, payload []byte) []byte {
	return testclient.ClientFrame(opcode, fin, payload)
}

// unmaskedFrame encodes one unmasked frame, as a server sends them.
func unmaskedFrame(opcode byte, fin bool, payload []byte) []byte {
	return testclient.UnmaskedFrame(opcode, fin, payload)
}

// serverFrame is one frame the server sent.
type serverFrame struct {
	opcode  byte
	fin     bool
	payload []byte
}

// readServerFrame reads one frame from r; server frames are never masked.
func readServerFrame(r io.Reader) (serverFrame, error) {
	f, err := testclient.ReadServerFrame(r)
	return serverFrame{opcode: f.Opcode, fin: f.Fin, payload: f.Payload}, err
}

// readMessage reads the next data message from sock whole.
func readMessage(sock Socket) ([]byte, error) {
	if err := sock.AwaitInput(); err != nil {
		return nil, err
	}
	_, r, err := sock.NextReader()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
