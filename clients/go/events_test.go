package gatewire

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// recorder collects events and gaps.
type recorder struct {
	mu     sync.Mutex
	events []Event
	gaps   []Gap
	got    chan struct{}
}

func newRecorder() *recorder { return &recorder{got: make(chan struct{}, 1024)} }

func (r *recorder) onEvent(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	r.got <- struct{}{}
}

func (r *recorder) onGap(g Gap) {
	r.mu.Lock()
	r.gaps = append(r.gaps, g)
	r.mu.Unlock()
}

// wait blocks until n events have arrived.
func (r *recorder) wait(t *testing.T, n int) []Event {
	t.Helper()
	for range n {
		select {
		case <-r.got:
		case <-time.After(10 * time.Second):
			t.Fatalf("waited for %d events", n)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

func TestEventsArriveWithSeqAndSubscriptionsFilter(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	rec := newRecorder()
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}, OnEvent: rec.onEvent, OnGap: rec.onGap})
	presence := c.Subscribe(8, "presence")
	all := c.Subscribe(8)

	if err := c.Call(context.Background(), "broadcast", map[string]any{"name": "presence", "count": 3}, nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	// Not delivered: the connection lacks operator.pairing.
	if err := c.Call(context.Background(), "broadcast", map[string]any{"name": "pairing.only"}, nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(context.Background(), "broadcast", map[string]any{"name": "tick"}, nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	events := rec.wait(t, 4)
	for i, want := range []string{"presence", "presence", "presence", "tick"} {
		if events[i].Name != want || !events[i].HasSeq || events[i].Seq != int64(i+1) {
			t.Fatalf("event %d = %+v, want %s with seq %d", i, events[i], want, i+1)
		}
	}
	var n struct{ N int }
	if err := events[2].Decode(&n); err != nil || n.N != 2 {
		t.Fatalf("payload = %s", events[2].Payload)
	}
	if typed, err := events[3].Typed(); err != nil {
		t.Fatalf("typed tick: %v", err)
	} else if _, ok := typed.(*protocol.TickEvent); !ok {
		t.Fatalf("typed tick = %T", typed)
	}
	if _, err := (Event{Name: "no.such.event"}).Typed(); err == nil {
		t.Fatal("an unknown event decoded")
	}
	for i := range 3 {
		if ev := <-presence.C; ev.Name != "presence" || ev.Seq != int64(i+1) {
			t.Fatalf("presence subscription got %+v", ev)
		}
	}
	for range 4 {
		<-all.C
	}
	if len(rec.gaps) != 0 {
		t.Fatalf("gaps reported without a gap: %v", rec.gaps)
	}
	presence.Close()
	if _, open := <-presence.C; open {
		t.Fatal("subscription channel open after Close")
	}
	_ = c.Close()
	if _, open := <-all.C; open {
		t.Fatal("subscription channel open after the connection ended")
	}
}

func TestSeqGapsAreReported(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		if !s.handshake(60_000) {
			return
		}
		for _, seq := range []int{1, 2, 5, 6, 9} {
			s.send(`{"type":"event","event":"presence","payload":{},"seq":` + strconv.Itoa(seq) + `}`)
		}
		s.send(`{"type":"event","event":"node.invoke.request","payload":{}}`)
		s.drain()
	})
	rec := newRecorder()
	dialTest(t, g.url, Options{OnEvent: rec.onEvent, OnGap: rec.onGap})
	events := rec.wait(t, 6)
	if events[5].HasSeq {
		t.Fatalf("direct event has a seq: %+v", events[5])
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	want := []Gap{{Expected: 3, Received: 5}, {Expected: 7, Received: 9}}
	if !slices.Equal(rec.gaps, want) {
		t.Fatalf("gaps = %v, want %v", rec.gaps, want)
	}
}

func TestFullSubscriptionsDropAndCount(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	rec := newRecorder()
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}, OnEvent: rec.onEvent})
	sub := c.Subscribe(2, "presence")
	if err := c.Call(context.Background(), "broadcast", map[string]any{"name": "presence", "count": 5}, nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, 5)
	if sub.Dropped() != 3 || len(sub.C) != 2 {
		t.Fatalf("dropped %d, buffered %d; want 3 and 2", sub.Dropped(), len(sub.C))
	}
}

func TestEventsBeforeHelloAreNotDelivered(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		s.send(`{"type":"event","event":"presence","payload":{},"seq":1}`)
		if !s.handshake(60_000) {
			return
		}
		s.send(`{"type":"event","event":"health","payload":{},"seq":1}`)
		s.drain()
	})
	rec := newRecorder()
	dialTest(t, g.url, Options{OnEvent: rec.onEvent})
	if events := rec.wait(t, 1); events[0].Name != "health" {
		t.Fatalf("first event = %+v, want health", events[0])
	}
}

// TestConnectAfterTheHandshakeKeepsEventsFlowing calls connect again on an
// open connection: the gateway refuses it (it needs operator.admin) and the
// socket stays open, so events must keep arriving.
func TestConnectAfterTheHandshakeKeepsEventsFlowing(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	rec := newRecorder()
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}, OnEvent: rec.onEvent})
	err := c.Call(context.Background(), "connect", map[string]any{}, nil, rpc.CallOptions{})
	if we, ok := err.(*wire.Error); !ok || we.Message != "missing scope: operator.admin" {
		t.Fatalf("second connect = %v, want missing scope: operator.admin", err)
	}
	if err := c.Call(context.Background(), "broadcast", map[string]any{"name": "presence"}, nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	if events := rec.wait(t, 1); events[0].Name != "presence" {
		t.Fatalf("event after the refused connect = %+v", events[0])
	}
}
