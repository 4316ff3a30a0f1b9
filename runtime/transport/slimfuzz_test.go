package transport

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"

	"github.com/coder/websocket"
)

// The slim socket re-assembles the byte stream the WebSocket library
// writes into frames. Whatever the library writes, through it or through
// the plain buffered writer net/http would have given the library, the
// peer must receive the same bytes. FuzzSlimSocketWrites drives two real
// server-side library connections, one over a slim socket and one over a
// plain one, through the same operations and compares what each peer got.

// wireOp is one operation of the fuzz program, chosen by a byte.
type wireOp byte

const (
	opMessage         wireOp = iota // a whole message
	opFragmented                    // a message written in pieces
	opPongAfter                     // a pong, answering a ping from the peer
	opPongBetween                   // a pong between the pieces of a message
	opDirect                        // a message written by tryWrite on the slim side
	wireOps                         // the number of operations
	maxFuzzOps        = 24
	maxFuzzPieceBytes = 70_000
)

func FuzzSlimSocketWrites(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{byte(opMessage), 0, 0, byte(opMessage), 0, 125, byte(opMessage), 0, 126, byte(opMessage), 0xff, 0xff, byte(opMessage), 0xff, 0xff})
	f.Add([]byte{byte(opFragmented), 3, 0x40, 0, 0, 0, 0, 9, byte(opDirect), 0, 10})
	f.Add([]byte{byte(opPongBetween), 0x40, 0, 5, byte(opPongAfter), 4, byte(opDirect), 0x10, 0})
	f.Add([]byte{byte(opDirect), 0, 1, byte(opFragmented), 2, 0, 1, 0, 1, byte(opPongBetween), 0, 0, 0, 0, 0, byte(opDirect), 0xff, 0xff})
	f.Add([]byte{byte(opPongAfter), 125, byte(opPongBetween), 0, 63, 0, 64, 125, byte(opMessage), 0, 64})
	f.Fuzz(func(t *testing.T, program []byte) {
		slim, plain := newWirePeer(t, true), newWirePeer(t, false)
		in := fuzzInput(program)
		for n := 0; n < maxFuzzOps && len(in) > 0; n++ {
			op := wireOp(in.byte() % byte(wireOps))
			args := in.args(op)
			slim.apply(t, op, args)
			plain.apply(t, op, args)
		}
		a, b := slim.finish(t), plain.finish(t)
		if !bytes.Equal(a, b) {
			t.Fatalf("the slim socket sent %d bytes, the plain writer %d; first difference at byte %d",
				len(a), len(b), firstDifference(a, b))
		}
	})
}

// fuzzArgs are the sizes and payloads an operation uses.
type fuzzArgs struct {
	sizes []int  // message or piece sizes
	ping  []byte // the peer's ping payload
}

// fuzzInput is the rest of the fuzz program.
type fuzzInput []byte

func (in *fuzzInput) byte() byte {
	if len(*in) == 0 {
		return 0
	}
	b := (*in)[0]
	*in = (*in)[1:]
	return b
}

// size reads a size of up to maxFuzzPieceBytes.
func (in *fuzzInput) size() int {
	return (int(in.byte())<<8 | int(in.byte())) * maxFuzzPieceBytes / 0xffff
}

func (in *fuzzInput) args(op wireOp) fuzzArgs {
	var a fuzzArgs
	switch op {
	case opMessage, opDirect:
		a.sizes = []int{in.size()}
	case opFragmented:
		n := 1 + int(in.byte()%4)
		for range n {
			a.sizes = append(a.sizes, in.size())
		}
	case opPongAfter:
		a.ping = bytes.Repeat([]byte{'p'}, int(in.byte()%126))
	case opPongBetween:
		a.sizes = []int{in.size(), in.size()}
		a.ping = bytes.Repeat([]byte{'q'}, int(in.byte()%126))
	}
	return a
}

// wirePeer is a server-side library connection and the client end of its
// TCP connection, whose every byte is collected.
type wirePeer struct {
	ws     *websocket.Conn
	sock   *slimSocket // nil on the plain side
	client net.Conn
	got    chan []byte
	fill   byte // varies the payload bytes from message to message
}

func newWirePeer(t *testing.T, slim bool) *wirePeer {
	server, client := socketPair(t)
	rw := &hijackable{header: http.Header{}, conn: server}
	var w http.ResponseWriter = rw
	hj := &slimHijacker{ResponseWriter: rw}
	if slim {
		w = hj
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Sec-WebSocket-Version", "13")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(-1)
	if slim && hj.sock == nil {
		t.Fatal("no slim socket over a TCP connection")
	}
	p := &wirePeer{ws: ws, sock: hj.sock, client: client, got: make(chan []byte, 1)}
	go func() {
		b, _ := io.ReadAll(client)
		p.got <- b
	}()
	return p
}

// hijackable is a ResponseWriter whose Hijack hands over conn with the
// buffers net/http would give it.
type hijackable struct {
	header http.Header
	conn   net.Conn
}

func (h *hijackable) Header() http.Header         { return h.header }
func (h *hijackable) Write(b []byte) (int, error) { return len(b), nil }
func (h *hijackable) WriteHeader(int)             {}
func (h *hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return h.conn, bufio.NewReadWriter(bufio.NewReader(h.conn), bufio.NewWriter(h.conn)), nil
}

// payload returns n bytes that differ from the previous payload's.
func (p *wirePeer) payload(n int) []byte {
	p.fill++
	return bytes.Repeat([]byte{'a' + p.fill%26}, n)
}

func (p *wirePeer) apply(t *testing.T, op wireOp, a fuzzArgs) {
	t.Helper()
	ctx := context.Background()
	switch op {
	case opMessage:
		must(t, p.ws.Write(ctx, websocket.MessageText, p.payload(a.sizes[0])))
	case opFragmented:
		w, err := p.ws.Writer(ctx, websocket.MessageText)
		must(t, err)
		for _, n := range a.sizes {
			_, err := w.Write(p.payload(n))
			must(t, err)
		}
		must(t, w.Close())
	case opPongAfter:
		p.pong(t, a.ping)
	case opPongBetween:
		w, err := p.ws.Writer(ctx, websocket.MessageText)
		must(t, err)
		_, err = w.Write(p.payload(a.sizes[0]))
		must(t, err)
		p.pong(t, a.ping)
		if p.sock != nil {
			if res := p.sock.tryWrite([]byte("intruder")); res != NotWritten {
				t.Fatal("a direct write got between the pieces of a message")
			}
		}
		_, err = w.Write(p.payload(a.sizes[1]))
		must(t, err)
		must(t, w.Close())
	case opDirect:
		p.direct(t, p.payload(a.sizes[0]))
	}
}

// pong has the peer send a ping and a message, and reads the message: the
// library answers the ping on the way.
func (p *wirePeer) pong(t *testing.T, ping []byte) {
	t.Helper()
	msg := append(clientFrame(opPing, true, ping), clientFrame(opText, true, []byte("after the ping"))...)
	if _, err := p.client.Write(msg); err != nil {
		t.Fatal(err)
	}
	_, got, err := p.ws.Read(context.Background())
	must(t, err)
	if string(got) != "after the ping" {
		t.Fatalf("read %q", got)
	}
}

// direct writes msg the way a broadcast does on the slim side, and with
// the library on the plain side.
func (p *wirePeer) direct(t *testing.T, msg []byte) {
	t.Helper()
	if p.sock == nil {
		must(t, p.ws.Write(context.Background(), websocket.MessageText, msg))
		return
	}
	switch p.sock.tryWrite(msg) {
	case NotWritten:
		must(t, p.ws.Write(context.Background(), websocket.MessageText, msg))
	case WrittenPart:
		must(t, p.sock.finishWrite())
	}
}

// finish has the peer close, lets the library answer, and returns every
// byte the peer received.
func (p *wirePeer) finish(t *testing.T) []byte {
	t.Helper()
	if _, err := p.client.Write(clientFrame(opClose, true, []byte{0x03, 0xe8, 'b', 'y', 'e'})); err != nil {
		t.Fatal(err)
	}
	var ce websocket.CloseError
	if _, _, err := p.ws.Read(context.Background()); !errors.As(err, &ce) || ce.Code != 1000 {
		t.Fatalf("read after the peer's close: %v", err)
	}
	_ = p.ws.CloseNow()
	return <-p.got
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// socketPair returns both ends of a connected Unix stream socket pair: a
// socket with a file descriptor, like TCP, that uses up no ports however
// often the fuzzer makes one.
func socketPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ends [2]net.Conn
	for i, fd := range fds {
		f := os.NewFile(uintptr(fd), "socketpair")
		ends[i], err = net.FileConn(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { ends[0].Close(); ends[1].Close() })
	return ends[0], ends[1]
}
