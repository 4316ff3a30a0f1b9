package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/internal/testclient"
)

// A torture client is one connection of the torture test. It reads every
// frame the gateway sends and checks each as it arrives; what it saw is
// checked as a whole once its socket has ended.

// clientKind is how a torture client behaves.
type clientKind int

const (
	stayer clientKind = iota // reads at once, sends requests and pings, stays to the end
	leaver                   // like a stayer, then closes its socket half-way
	kicked                   // like a stayer, then is closed by the server half-way
	slow                     // stops reading until the broadcasts are over
	gappy                    // like slow, and only allowed drop-if-slow broadcasts
)

func (k clientKind) String() string {
	return [...]string{"stayer", "leaver", "kicked", "slow", "gappy"}[k]
}

// sendsRequests reports whether clients of the kind send requests.
func (k clientKind) sendsRequests() bool { return k == stayer || k == leaver || k == kicked }

// tortureClient is one connection and what it received.
type tortureClient struct {
	t    *testing.T
	name string
	kind clientKind
	*testclient.Client
	conn *Conn         // the server's side
	gate chan struct{} // closed when a slow client may read

	seqEvents atomic.Int64  // broadcast events received so far
	done      chan struct{} // closed when the reader has stopped
	complete  chan struct{} // closed when the marker and every reply are in
	left      chan error    // a leaver's own close handshake

	// Written by the reader goroutine only; read after done.
	lastSeq   int64
	lastIndex map[int]int // per broadcaster, the last event index received
	keeps     map[[2]int]bool
	drops     int
	directs   int
	marker    bool
	shutdown  int64               // seq of the shutdown event, 0 if none
	replies   map[string][]string // request id -> the status of each reply
	expected  map[string]int      // request id -> replies it must get
	finished  int                 // requests that have all their replies
	completed bool
}

// tortureScopes are the scopes a client of the kind connects with.
func tortureScopes(k clientKind) []string {
	if k == gappy {
		return nil // no operator.read: t.keep does not reach it
	}
	return []string{"operator.read", "operator.write"}
}

// openTortureClient dials and completes the handshake; slow and gappy
// clients get small receive buffers, so that their queues fill quickly.
func (h *harness) openTortureClient(kind clientKind, n int, expected map[string]int) *tortureClient {
	h.t.Helper()
	opts := testclient.Options{Dial: h.dialOpts}
	if kind == slow || kind == gappy {
		var base *http.Client
		if h.dialOpts != nil {
			base = h.dialOpts.HTTPClient
		}
		opts.HTTPClient = smallReceiveBuffers(base)
	}
	c := testclient.Dial(h.t, h.url, opts)
	hello := c.Connect(testConnect{Role: "operator", Scopes: tortureScopes(kind)})
	var p struct {
		ConnID string `json:"connId"`
	}
	if err := json.Unmarshal(hello.Payload, &p); err != nil || !hello.OK {
		h.t.Fatalf("connect reply = %s", hello.Raw)
	}
	tc := &tortureClient{
		t: h.t, name: fmt.Sprintf("%s%d", kind, n), kind: kind, Client: c, conn: h.connByID(p.ConnID),
		gate: make(chan struct{}), done: make(chan struct{}), complete: make(chan struct{}), left: make(chan error, 1),
		lastIndex: map[int]int{}, keeps: map[[2]int]bool{}, replies: map[string][]string{}, expected: expected,
	}
	if kind != slow && kind != gappy {
		close(tc.gate)
	}
	return tc
}

// connByID returns the server's side of a connection.
func (h *harness) connByID(id string) *Conn {
	h.t.Helper()
	var found *Conn
	h.srv.Each(func(c *Conn) bool {
		if c.ID() == id {
			found = c
		}
		return found == nil
	})
	if found == nil {
		h.t.Fatalf("no open connection %s", id)
	}
	return found
}

// smallReceiveBuffers returns a client whose sockets have 16 KiB receive
// buffers, based on base (nil for the default).
func smallReceiveBuffers(base *http.Client) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if base != nil {
		tr = base.Transport.(*http.Transport).Clone()
	}
	d := &net.Dialer{Control: func(_, _ string, raw syscall.RawConn) error {
		var serr error
		err := raw.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10)
		})
		return errors.Join(err, serr)
	}}
	tr.DialContext = d.DialContext
	return &http.Client{Transport: tr}
}

// read reads until the socket ends, checking each frame.
func (c *tortureClient) read(ctx context.Context) {
	defer close(c.done)
	<-c.gate
	for {
		f, ok := c.ReadContext(ctx)
		if !ok {
			return
		}
		c.take(f)
		if !c.completed && c.marker && c.finished == len(c.expected) {
			c.completed = true
			close(c.complete)
		}
	}
}

// take checks one frame and records it.
func (c *tortureClient) take(f frame) {
	switch {
	case f.Type == "res":
		c.reply(f)
	case f.Type == "event" && f.Seq == nil:
		c.direct(f)
	case f.Type == "event":
		c.broadcast(f)
	default:
		c.t.Errorf("%s: unexpected frame %+v", c.name, f)
	}
}

// tortureEvent is the payload of the torture broadcasts and direct events.
type tortureEvent struct {
	B      *int `json:"b"`
	I      int  `json:"i"`
	D      *int `json:"d"`
	Marker bool `json:"marker"`
}

// broadcast checks an event that carries a seq.
func (c *tortureClient) broadcast(f frame) {
	if *f.Seq <= c.lastSeq {
		c.t.Errorf("%s: seq %d after %d", c.name, *f.Seq, c.lastSeq)
	}
	c.lastSeq = *f.Seq
	c.seqEvents.Add(1)
	var p tortureEvent
	_ = json.Unmarshal(f.Payload, &p)
	switch {
	case f.Event == eventShutdown:
		c.shutdown = *f.Seq
	case f.Event == "open.event" && p.Marker:
		c.marker = true
	case (f.Event == "t.keep" || f.Event == "t.drop") && p.B != nil:
		c.ordered(*p.B, p.I)
		if f.Event == "t.keep" {
			c.keeps[[2]int{*p.B, p.I}] = true
		} else {
			c.drops++
		}
	default:
		c.t.Errorf("%s: unexpected broadcast %s %s", c.name, f.Event, f.Payload)
	}
}

// ordered checks that a broadcaster's events arrive in the order it sent
// them.
func (c *tortureClient) ordered(b, i int) {
	if last, ok := c.lastIndex[b]; ok && i <= last {
		c.t.Errorf("%s: broadcaster %d's event %d after its event %d", c.name, b, i, last)
	}
	c.lastIndex[b] = i
}

// direct checks an event without seq: only direct events come so.
func (c *tortureClient) direct(f frame) {
	var p tortureEvent
	if f.Event != "open.event" || json.Unmarshal(f.Payload, &p) != nil || p.D == nil {
		c.t.Errorf("%s: unexpected event without seq %s %s", c.name, f.Event, f.Payload)
	}
	c.directs++
}

// reply checks a response against the requests sent.
func (c *tortureClient) reply(f frame) {
	want, ok := c.expected[f.ID]
	if !ok {
		c.t.Errorf("%s: a reply to unknown id %q: %+v", c.name, f.ID, f)
		return
	}
	var p struct {
		Status string `json:"status"`
	}
	if !f.OK || json.Unmarshal(f.Payload, &p) != nil {
		c.t.Errorf("%s: reply %s = %+v %s", c.name, f.ID, f, f.Payload)
	}
	got := append(c.replies[f.ID], p.Status)
	c.replies[f.ID] = got
	switch {
	case len(got) > want:
		c.t.Errorf("%s: request %s got %d replies, want %d", c.name, f.ID, len(got), want)
	case want == 2 && len(got) == 1 && p.Status != "accepted":
		c.t.Errorf("%s: two-phase request %s: first reply %q, want accepted", c.name, f.ID, p.Status)
	case len(got) == want && p.Status != "ok":
		c.t.Errorf("%s: request %s: last reply %q, want ok", c.name, f.ID, p.Status)
	}
	if len(got) == want {
		c.finished++
	}
}

// closeCode returns the close code the client saw, or 0 for none.
func (c *tortureClient) closeCode() (int, string) {
	code, reason, _ := c.End()
	return code, reason
}

// closeErr returns the read error that ended the socket.
func (c *tortureClient) closeErr() error {
	_, _, err := c.End()
	return err
}

// sendRequests pipelines the client's requests from two goroutines.
func (c *tortureClient) sendRequests(ctx context.Context, wg *sync.WaitGroup) {
	for g := range 2 {
		wg.Go(func() {
			for n := range requestsPerSender {
				id, method := tortureRequest(g, n)
				msg := `{"type":"req","id":"` + id + `","method":"` + method + `","params":{"n":` + fmt.Sprint(n) + `}}`
				if c.WS().Write(ctx, websocket.MessageText, []byte(msg)) != nil {
					return // the socket is closing; a stayer's missing replies show
				}
			}
		})
	}
}

// requestsPerSender is the number of requests each sender pipelines.
const requestsPerSender = 20

// tortureRequest names request n of sender g and picks its method: a
// fast one, one slow enough to hand reading to a new goroutine, or a
// two-phase one.
func tortureRequest(g, n int) (id, method string) {
	return fmt.Sprintf("g%d-%d", g, n), [...]string{"echo.status", "nap", "two.step"}[n%3]
}

// expectedReplies maps every request id to the replies it must get.
func expectedReplies() map[string]int {
	m := map[string]int{}
	for g := range 2 {
		for n := range requestsPerSender {
			id, method := tortureRequest(g, n)
			m[id] = 1
			if method == "two.step" {
				m[id] = 2
			}
		}
	}
	return m
}
