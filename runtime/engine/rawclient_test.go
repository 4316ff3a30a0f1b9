package engine

import (
	"encoding/json"
	"net"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/testclient"
)

// rawClient is the shared hand-framed client (testclient.Raw) with the
// engine tests' shorthands: it sends frames no well-behaved client
// library would.
type rawClient struct {
	*testclient.Raw
	t    *testing.T
	conn *net.TCPConn
}

// WebSocket opcodes only the tests write.
const (
	opContinuation = testclient.OpContinuation
	opBinary       = testclient.OpBinary
)

// rawDial opens a TCP connection to the harness and upgrades it.
func (h *harness) rawDial() *rawClient {
	h.t.Helper()
	r := testclient.DialRaw(h.t, h.http.Listener.Addr().String())
	return &rawClient{Raw: r, t: h.t, conn: r.Conn()}
}

// rawOpen upgrades and completes the handshake as an operator with scopes.
func (h *harness) rawOpen(scopes ...string) *rawClient {
	h.t.Helper()
	r := h.rawDial()
	r.expectEvent("connect.challenge")
	params, _ := json.Marshal(testConnect{Role: "operator", Scopes: scopes})
	r.write(clientFrame(opText, true, []byte(`{"type":"req","id":"c1","method":"connect","params":`+string(params)+`}`)))
	if f := r.readJSON(); !f.OK || f.ID != "c1" {
		h.t.Fatalf("connect reply = %s", f.Raw)
	}
	return r
}

// write sends all parts in one write.
func (r *rawClient) write(parts ...[]byte) {
	r.t.Helper()
	r.Write(parts...)
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

func fromRaw(f testclient.ServerFrame) serverFrame {
	return serverFrame{opcode: f.Opcode, fin: f.Fin, payload: f.Payload}
}

// next reads the next frame, failing the test on an error.
func (r *rawClient) next() serverFrame {
	r.t.Helper()
	return fromRaw(r.Next())
}

// readJSON reads the next data frame, which must be one whole JSON message.
func (r *rawClient) readJSON() frame {
	r.t.Helper()
	return r.ReadJSON()
}

// expectEvent reads the next frame, which must be the named event.
func (r *rawClient) expectEvent(name string) {
	r.t.Helper()
	r.ExpectEvent(name)
}

// closeFrame reads frames until a close frame and returns its code and
// reason.
func (r *rawClient) closeFrame() (int, string) {
	r.t.Helper()
	return r.CloseFrame()
}

// dropped reads until the server has dropped the connection without a
// close frame.
func (r *rawClient) dropped() {
	r.t.Helper()
	r.Dropped()
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
