package testclient

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// WebSocket opcodes (RFC 6455 §5.2).
const (
	OpContinuation = 0x0
	OpText         = 0x1
	OpBinary       = 0x2
	OpClose        = 0x8
	OpPing         = 0x9
	OpPong         = 0xa
)

// rawIOTimeout bounds each read and write of a Raw connection, so that a
// server that stops answering fails the test instead of hanging it.
const rawIOTimeout = Wait

// Raw speaks WebSocket by hand over TCP, so that tests can send frames no
// well-behaved client library would: unmasked, fragmented around control
// frames, with lying lengths, or several in one TCP segment.
type Raw struct {
	t    testing.TB
	conn *net.TCPConn
	br   *bufio.Reader
}

// DialRaw opens a TCP connection to addr (host:port) and upgrades it.
func DialRaw(t testing.TB, addr string) *Raw {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	r := &Raw{t: t, conn: conn.(*net.TCPConn), br: bufio.NewReader(conn)}
	r.Write([]byte("GET / HTTP/1.1\r\nHost: gatewire\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
	r.deadline()
	resp, err := http.ReadResponse(r.br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("testclient: raw upgrade: %v, %v", resp, err)
	}
	return r
}

// Conn returns the TCP connection (to close it, or reset it).
func (r *Raw) Conn() *net.TCPConn { return r.conn }

func (r *Raw) deadline() { _ = r.conn.SetDeadline(time.Now().Add(rawIOTimeout)) }

// Write sends all parts in one write, so that they usually share a TCP
// segment and reach the server in one read.
func (r *Raw) Write(parts ...[]byte) {
	r.t.Helper()
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	r.deadline()
	if _, err := r.conn.Write(b); err != nil {
		r.t.Fatalf("testclient: raw write: %v", err)
	}
}

// SendText sends text as one masked, final text frame.
func (r *Raw) SendText(text string) { r.Write(ClientFrame(OpText, true, []byte(text))) }

// ClientFrame encodes one masked client frame.
func ClientFrame(opcode byte, fin bool, payload []byte) []byte {
	return EncodeFrame(opcode, fin, payload, true)
}

// UnmaskedFrame encodes one unmasked frame, as a server sends them.
func UnmaskedFrame(opcode byte, fin bool, payload []byte) []byte {
	return EncodeFrame(opcode, fin, payload, false)
}

// FrameHeader returns the header of a final text frame carrying n bytes,
// masked with the fixed key 1 2 3 4 when mask is set.
func FrameHeader(n int, mask bool) []byte {
	header := []byte{0x80 | OpText, 0}
	switch {
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
	return header
}

// EncodeFrame encodes one frame, masked with a fixed key when mask is set.
func EncodeFrame(opcode byte, fin bool, payload []byte, mask bool) []byte {
	header := FrameHeader(len(payload), mask)
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

// ServerFrame is one frame the server sent.
type ServerFrame struct {
	Opcode  byte
	Fin     bool
	Payload []byte
}

// ReadFrame reads one frame from the socket.
func (r *Raw) ReadFrame() (ServerFrame, error) {
	r.deadline()
	return ReadServerFrame(r.br)
}

// ReadServerFrame reads one frame from rd; server frames are never masked.
func ReadServerFrame(rd io.Reader) (ServerFrame, error) {
	var h [2]byte
	if _, err := io.ReadFull(rd, h[:]); err != nil {
		return ServerFrame{}, err
	}
	if h[1]&0x80 != 0 {
		return ServerFrame{}, errors.New("the server sent a masked frame")
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(rd, b[:]); err != nil {
			return ServerFrame{}, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(rd, b[:]); err != nil {
			return ServerFrame{}, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if n > 64<<20 {
		return ServerFrame{}, fmt.Errorf("frame length %d", n)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(rd, payload); err != nil {
		return ServerFrame{}, err
	}
	return ServerFrame{Opcode: h[0] & 0x0f, Fin: h[0]&0x80 != 0, Payload: payload}, nil
}

// Next reads the next frame, failing the test on an error.
func (r *Raw) Next() ServerFrame {
	r.t.Helper()
	f, err := r.ReadFrame()
	if err != nil {
		r.t.Fatalf("testclient: raw read: %v", err)
	}
	return f
}

// ReadJSON reads the next data frame, which must be one whole text
// message holding a frame envelope. Pings before it are skipped: a
// gateway with a short ping interval may send one at any time.
func (r *Raw) ReadJSON() Frame {
	r.t.Helper()
	f := r.Next()
	for f.Opcode == OpPing {
		f = r.Next()
	}
	if f.Opcode != OpText || !f.Fin {
		r.t.Fatalf("testclient: got opcode %#x fin %v, want a whole text message", f.Opcode, f.Fin)
	}
	in, err := wire.DecodeInbound(f.Payload)
	if err != nil {
		r.t.Fatalf("testclient: undecodable frame %q: %v", f.Payload, err)
	}
	return Frame{Inbound: in, Raw: f.Payload}
}

// ExpectEvent reads the next frame, which must be the named event.
func (r *Raw) ExpectEvent(name string) Frame {
	r.t.Helper()
	f := r.ReadJSON()
	if !f.IsEvent(name) {
		r.t.Fatalf("testclient: frame = %s, want event %s", f.Raw, name)
	}
	return f
}

// CloseFrame reads frames until a close frame and returns its code (1005
// when it has none) and reason.
func (r *Raw) CloseFrame() (int, string) {
	r.t.Helper()
	for {
		f := r.Next()
		if f.Opcode != OpClose {
			continue
		}
		if len(f.Payload) < 2 {
			return 1005, ""
		}
		return int(binary.BigEndian.Uint16(f.Payload)), string(f.Payload[2:])
	}
}

// Dropped reads until the server has dropped the connection, failing the
// test if it sends a close frame instead.
func (r *Raw) Dropped() {
	r.t.Helper()
	for {
		f, err := r.ReadFrame()
		if err != nil {
			return
		}
		if f.Opcode == OpClose {
			r.t.Fatalf("testclient: got a close frame %q, want the connection dropped", f.Payload)
		}
	}
}
