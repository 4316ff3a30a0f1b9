package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBroadcastGuardsAndSeq(t *testing.T) {
	h := newHarness(t, nil)
	reader := h.open("operator", "operator.read")
	pairer := h.open("operator", "operator.pairing")
	node := h.open("node")
	h.srv.Broadcast(Event{Name: "read.event", Payload: 1})
	h.srv.Broadcast(Event{Name: "pairing.event", Payload: 2})
	h.srv.Broadcast(Event{Name: "open.event", Payload: 3})
	h.srv.Broadcast(Event{Name: "not.in.manifest", Payload: 4})
	want := map[*client][]string{
		reader: {"read.event", "open.event"},
		pairer: {"pairing.event", "open.event"},
		node:   {"open.event"},
	}
	for c, events := range want {
		for i, name := range events {
			f := c.read()
			if f.Event != name || f.Seq == nil || *f.Seq != int64(i+1) {
				t.Fatalf("event %d = %s seq %v, want %s seq %d", i, f.Event, f.Seq, name, i+1)
			}
		}
		if f, err := c.tryRead(100 * time.Millisecond); err == nil {
			t.Fatalf("unexpected extra frame %+v", f)
		}
	}
}

func TestDirectEventsCarryNoSeq(t *testing.T) {
	h := newHarness(t, nil)
	c := h.open("operator", "operator.read")
	var conn *Conn
	h.srv.Each(func(x *Conn) bool { conn = x; return false })
	if err := conn.SendEvent("open.event", map[string]int{"x": 1}, false); err != nil {
		t.Fatal(err)
	}
	if f := c.read(); f.Event != "open.event" || f.Seq != nil {
		t.Fatalf("direct event = %+v", f)
	}
}

func TestSlowConsumerIsClosed(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, func(c *Config) { c.Policy.MaxBufferedBytes = 256 << 10 })
		slow := h.open("operator", "operator.admin") // does not read while the server writes
		conn := h.onlyConn()
		big := strings.Repeat("x", 64<<10)
		deadline := time.Now().Add(10 * time.Second)
		for conn.closeCode.Load() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("slow consumer was never closed")
			}
			h.srv.Broadcast(Event{Name: "open.event", Payload: big})
		}
		ce := slow.closed()
		if ce.Code != 1008 || ce.Reason != "slow consumer" {
			t.Fatalf("close = %d %q", ce.Code, ce.Reason)
		}
	})
}

func TestDropIfSlowSkipsButAdvancesSeq(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, func(c *Config) { c.Policy.MaxBufferedBytes = 256 << 10 })
		slow := h.open("operator", "operator.admin")
		conn := h.onlyConn()
		big := strings.Repeat("y", 64<<10)
		sent := 0
		for dropped := false; !dropped; sent++ {
			if sent > 100_000 {
				t.Fatal("the queue never overflowed")
			}
			dropped = h.srv.Broadcast(Event{Name: "read.event", Payload: big}) == 0
		}
		if _, open := h.srv.Count(); open != 1 {
			t.Fatal("a drop-if-slow event must not close the connection")
		}
		type result struct {
			gap  bool
			last int64
		}
		done := make(chan result)
		go func() { // the client catches up and reads until the marker
			var r result
			for {
				f := slow.read()
				r.gap = r.gap || *f.Seq != r.last+1
				r.last = *f.Seq
				if string(f.Payload) == `"marker"` {
					done <- r
					return
				}
			}
		}()
		eventually(t, "the queue empty", func() bool { return conn.Buffered() == 0 })
		h.srv.Broadcast(Event{Name: "read.event", Payload: "marker"})
		r := <-done
		if !r.gap || r.last != int64(sent+1) {
			t.Fatalf("gap=%v last seq=%d, want a gap and seq %d", r.gap, r.last, sent+1)
		}
	})
}

func TestShutdownSendsEventThenCloses1012(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, nil)
		open := h.open("node")
		pending := h.dial()
		pending.read() // challenge; no connect
		done := make(chan struct{})
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			h.srv.Shutdown(ctx, "", nil)
			close(done)
		}()
		f := open.read()
		if f.Event != "shutdown" || f.Seq == nil || string(f.Payload) != `{"reason":"gateway stopping","restartExpectedMs":null}` {
			t.Fatalf("shutdown event = %+v %s", f, f.Payload)
		}
		for _, c := range []*client{open, pending} {
			if ce := c.closed(); ce.Code != 1012 || ce.Reason != "service restart" {
				t.Fatalf("close = %d %q", ce.Code, ce.Reason)
			}
		}
		<-done
		if n, _ := h.srv.Count(); n != 0 {
			t.Fatalf("%d sockets left after shutdown", n)
		}
	})
}

func TestShutdownDropsSocketsThatNeverAnswerTheClose(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		accepted := make(chan net.Conn, 1)
		h := newHarnessWith(t, tr, nil, func(l net.Listener) net.Listener { return recordAccepts{l, accepted} })
		h.open("operator", "operator.read") // never reads again, so never answers the close
		conn := h.onlyConn()
		if slim := conn.sock.Direct(); slim != tr.slim {
			t.Fatalf("over %s the connection has a slim socket: %v", tr.name, slim)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		h.srv.Shutdown(ctx, "test over", nil)
		// The close handshake still waits for the peer; dropping the
		// socket must have closed the connection under the WebSocket
		// library.
		if _, err := (<-accepted).Write([]byte{0}); !errors.Is(err, net.ErrClosed) {
			t.Fatalf("write to a dropped socket: %v, want net.ErrClosed", err)
		}
	})
}

// recordAccepts hands every connection it accepts to accepted.
type recordAccepts struct {
	net.Listener
	accepted chan<- net.Conn
}

func (l recordAccepts) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted <- c
	}
	return c, err
}

func TestActivityCountsHandshakesAndRequests(t *testing.T) {
	h := newHarness(t, nil)
	before := h.srv.Activity()
	c := h.open("operator", "operator.read")
	for i := range 3 {
		if f := c.call(strconv.Itoa(i), "echo", `{}`); !f.OK {
			t.Fatalf("call %d: %+v", i, f)
		}
	}
	if got := h.srv.Activity() - before; got != 4 {
		t.Fatalf("activity grew by %d, want 4 (one handshake, three requests)", got)
	}
}

func TestLargeBroadcastsArriveWholeWithTheirOwnSeq(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, nil)
		a := h.open("operator", "operator.read")
		b := h.open("operator", "operator.read")
		h.srv.Broadcast(Event{Name: "open.event", Payload: 1})
		big := strings.Repeat("x", 2*sharePrefixFrom)
		h.srv.Broadcast(Event{Name: "open.event", Payload: big})
		for _, c := range []*client{a, b} {
			if f := c.read(); f.Event != "open.event" || *f.Seq != 1 {
				t.Fatalf("first event %+v", f)
			}
			f := c.read()
			var payload string
			if err := json.Unmarshal(f.Payload, &payload); err != nil || payload != big || f.Seq == nil || *f.Seq != 2 {
				t.Fatalf("large event: seq %v, payload of %d bytes (%v)", f.Seq, len(payload), err)
			}
		}
	})
}

func TestConcurrentBroadcastsKeepEachConnectionsSeqInOrder(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, nil)
		clients := []*client{h.open("operator", "operator.read"), h.open("operator", "operator.read")}
		const broadcasters, each = 8, 300
		for range broadcasters {
			go func() {
				for i := range each {
					h.srv.Broadcast(Event{Name: "open.event", Payload: i})
				}
			}()
		}
		for _, c := range clients {
			for want := int64(1); want <= broadcasters*each; want++ {
				if f := c.read(); f.Seq == nil || *f.Seq != want {
					t.Fatalf("seq %v, want %d: numbers must reach the socket in order", f.Seq, want)
				}
			}
		}
	})
}
