package engine

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// rawClient speaks WebSocket by hand over TCP, so that tests can send
// frames no well-behaved client library would: unmasked, fragmented around
// control frames, with lying lengths, or several in one TCP segment.
type rawClient struct {
	t    *testing.T
	conn *net.TCPConn
	br   *bufio.Reader
}

// WebSocket opcodes only the tests write.
const (
	opContinuation = 0x0
	opBinary       = 0x2
)

// rawIOTimeout bounds each read and write of a raw client, so that a
// server that stops answering fails the test instead of hanging it.
const rawIOTimeout = 10 * time.Second

// rawDial opens a TCP connection to the harness and upgrades it.
func (h *harness) rawDial() *rawClient {
	h.t.Helper()
	conn, err := net.Dial("tcp", h.http.Listener.Addr().String())
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { conn.Close() })
	r := &rawClient{t: h.t, conn: conn.(*net.TCPConn), br: bufio.NewReader(conn)}
	r.write([]byte("GET / HTTP/1.1\r\nHost: gatewire\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
	r.deadline()
	resp, err := http.ReadResponse(r.br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		h.t.Fatalf("upgrade: %v, %v", resp, err)
	}
	return r
}

// rawOpen upgrades and completes the handshake as an operator with scopes.
func (h *harness) rawOpen(scopes ...string) *rawClient {
	h.t.Helper()
	r := h.rawDial()
	r.expectEvent("connect.challenge")
	params, _ := json.Marshal(testConnect{Role: "operator", Scopes: scopes})
	r.write(clientFrame(opText, true, []byte(`{"type":"req","id":"c1","method":"connect","params":`+string(params)+`}`)))
	if f := r.readJSON(); !f.OK || f.ID != "c1" {
		h.t.Fatalf("connect reply = %+v", f)
	}
	return r
}

func (r *rawClient) deadline() { _ = r.conn.SetDeadline(time.Now().Add(rawIOTimeout)) }

// write sends all parts in one write, so that they usually share a TCP
// segment and reach the server in one read.
func (r *rawClient) write(parts ...[]byte) {
	r.t.Helper()
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	r.deadline()
	if _, err := r.conn.Write(b); err != nil {
		r.t.Fatalf("raw write: %v", err)
	}
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

// readFrame reads one frame from the socket.
func (r *rawClient) readFrame() (serverFrame, error) {
	r.deadline()
	return readServerFrame(r.br)
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

// next reads the next frame, failing the test on an error.
func (r *rawClient) next() serverFrame {
	r.t.Helper()
	f, err := r.readFrame()
	if err != nil {
		r.t.Fatalf("raw read: %v", err)
	}
	return f
}

// readJSON reads the next data frame, which must be one whole JSON message.
func (r *rawClient) readJSON() frame {
	r.t.Helper()
	f := r.next()
	if f.opcode != opText || !f.fin {
		r.t.Fatalf("got opcode %#x fin %v, want a whole text message", f.opcode, f.fin)
	}
	var out frame
	if err := json.Unmarshal(f.payload, &out); err != nil {
		r.t.Fatalf("undecodable frame %q: %v", f.payload, err)
	}
	return out
}

// expectEvent reads the next frame, which must be the named event.
func (r *rawClient) expectEvent(name string) {
	r.t.Helper()
	if f := r.readJSON(); f.Event != name {
		r.t.Fatalf("frame = %+v, want event %s", f, name)
	}
}

// closeFrame reads frames until a close frame and returns its code and
// reason.
func (r *rawClient) closeFrame() (int, string) {
	r.t.Helper()
	for {
		f := r.next()
		if f.opcode != opClose {
			continue
		}
		if len(f.payload) < 2 {
			return 1005, ""
		}
		return int(binary.BigEndian.Uint16(f.payload)), string(f.payload[2:])
	}
}

// dropped reads until the server has dropped the connection without a
// close frame.
func (r *rawClient) dropped() {
	r.t.Helper()
	for {
		f, err := r.readFrame()
		if err != nil {
			return
		}
		if f.opcode == opClose {
			r.t.Fatalf("got a close frame %q, want the connection dropped", f.payload)
		}
	}
}

// eventually waits until cond holds, failing after a generous bound; it
// waits for a state, it does not measure time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// noSocketsLeft waits until the server has let go of every socket.
func (h *harness) noSocketsLeft() {
	h.t.Helper()
	eventually(h.t, "every socket released", func() bool {
		n, _ := h.srv.Count()
		return n == 0
	})
}
