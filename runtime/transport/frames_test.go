package transport

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Frame encoding for the tests, which send frames no well-behaved client
// library would and read what the server puts on the wire.

// WebSocket opcodes only the tests use.
const (
	opContinuation = 0x0
	opBinary       = 0x2
)

// frameBytes encodes a text frame's header (masked with a fixed key when
// mask is set) and returns it with the payload, unmasked.
func frameBytes(payload []byte, mask bool) (header, body []byte) {
	header = []byte{0x81, 0}
	switch n := len(payload); {
	case n > 0xffff:
		header[1] = 127
		header = binary.BigEndian.AppendUint64(header, uint64(n))
	case n > 125:
		header[1] = 126
		header = binary.BigEndian.AppendUint16(header, uint16(n))
	default:
		header[1] = byte(n)
	}
	if mask {
		header[1] |= 0x80
		header = append(header, 1, 2, 3, 4)
	}
	return header, payload
}

// clientFrame encodes one masked client frame.
func clientFrame(opcode byte, fin bool, payload []byte) []byte {
	return encodeFrame(opcode, fin, payload, true)
}

// unmaskedFrame encodes one unmasked frame, as a server sends them.
func unmaskedFrame(opcode byte, fin bool, payload []byte) []byte {
	return encodeFrame(opcode, fin, payload, false)
}

// encodeFrame encodes one frame, masked with a fixed key when mask is set.
func encodeFrame(opcode byte, fin bool, payload []byte, mask bool) []byte {
	header, _ := frameBytes(payload, mask)
	header[0] = opcode
	if fin {
		header[0] |= 0x80
	}
	body := append([]byte(nil), payload...)
	if mask {
		key := header[len(header)-4:]
		for i := range body {
			body[i] ^= key[i%4]
		}
	}
	return append(header, body...)
}

// serverFrame is one frame the server sent.
type serverFrame struct {
	opcode  byte
	fin     bool
	payload []byte
}

// readServerFrame reads one frame from r; server frames are never masked.
func readServerFrame(r io.Reader) (serverFrame, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return serverFrame{}, err
	}
	if h[1]&0x80 != 0 {
		return serverFrame{}, errors.New("the server sent a masked frame")
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return serverFrame{}, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return serverFrame{}, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if n > 64<<20 {
		return serverFrame{}, fmt.Errorf("frame length %d", n)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return serverFrame{}, err
	}
	return serverFrame{opcode: h[0] & 0x0f, fin: h[0]&0x80 != 0, payload: payload}, nil
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
