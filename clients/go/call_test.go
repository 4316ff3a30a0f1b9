package gatewire

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

func TestCallRoundTrip(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}})
	in := map[string]any{"text": "héllo <&>", "n": 3}
	var out map[string]any
	if err := c.Call(context.Background(), "echo", in, &out, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	if out["text"] != "héllo <&>" || out["n"] != float64(3) {
		t.Fatalf("echo = %v", out)
	}
	// Raw params pass through; a nil result discards the payload.
	if err := c.Call(context.Background(), "echo", json.RawMessage(`{"a":1}`), nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestCallReturnsTheProtocolError(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeAdmin}})

	var payload map[string]string
	err := c.Call(context.Background(), "fail", nil, &payload, rpc.CallOptions{})
	we, ok := err.(*wire.Error)
	if !ok {
		t.Fatalf("error = %T %v, want a *wire.Error", err, err)
	}
	if we.Code != wire.CodeUnavailable || we.Message != "it broke" || Details(err).Reason != "test" {
		t.Fatalf("error = %+v", we)
	}
	if payload["status"] != "error" {
		t.Fatalf("payload of the failed reply = %v", payload)
	}

	err = c.Call(context.Background(), "pairing.thing", nil, nil, rpc.CallOptions{})
	if we, ok := err.(*wire.Error); !ok || we.Message != "unknown method: pairing.thing" {
		t.Fatalf("unknown method error = %v", err)
	}
}

func TestCallWaitsForTheFinalReplyOfTwoPhaseMethods(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeWrite}})

	accepted := make(chan json.RawMessage, 1)
	done := make(chan error, 1)
	var out map[string]string
	go func() {
		done <- c.Call(context.Background(), "two.phase", nil, &out, rpc.CallOptions{
			ExpectFinal: true,
			OnAccepted:  func(p json.RawMessage) { accepted <- p },
		})
	}()
	select {
	case p := <-accepted:
		var a map[string]string
		if err := json.Unmarshal(p, &a); err != nil || a["status"] != "accepted" {
			t.Fatalf("accepted payload = %s", p)
		}
	case err := <-done:
		t.Fatalf("call returned before the final reply: %v", err)
	}
	close(g.release)
	if err := <-done; err != nil || out["status"] != "ok" {
		t.Fatalf("final = %v, %v", out, err)
	}
}

func TestCallWithoutExpectFinalTakesTheFirstReply(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeWrite}})
	var out map[string]string
	var sawAccepted atomic.Bool
	err := c.Call(context.Background(), "two.phase", nil, &out, rpc.CallOptions{OnAccepted: func(json.RawMessage) { sawAccepted.Store(true) }})
	if err != nil || out["status"] != "accepted" || !sawAccepted.Load() {
		t.Fatalf("first reply = %v, %v (OnAccepted %v)", out, err, sawAccepted.Load())
	}
	// The final reply arrives for an id nobody waits for: ignored.
	close(g.release)
	var echo map[string]int
	if err := c.Call(context.Background(), "echo", map[string]int{"x": 1}, &echo, rpc.CallOptions{}); err != nil || echo["x"] != 1 {
		t.Fatalf("call after the stray final reply = %v, %v", echo, err)
	}
}

func TestCallContextCancellationLeavesTheConnectionUsable(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Call(ctx, "hang", nil, nil, rpc.CallOptions{}) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call = %v", err)
	}
	if err := c.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}); err != nil {
		t.Fatalf("call after a cancelled one: %v", err)
	}
	close(g.release)
}

func TestCallDefaultTimeout(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}, RequestTimeout: 30 * time.Millisecond})
	err := c.Call(context.Background(), "hang", nil, nil, rpc.CallOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("call = %v, want a deadline error", err)
	}
	close(g.release)
}

func TestCallsFailWhenTheGatewayShutsDown(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	events := make(chan Event, 8)
	c := dialTest(t, g.url, Options{Scopes: []string{ScopeRead}, OnEvent: func(e Event) { events <- e }})
	done := make(chan error, 1)
	go func() { done <- c.Call(context.Background(), "hang", nil, nil, rpc.CallOptions{ExpectFinal: true}) }()
	// Wait until the request is in flight: a second call has completed.
	if err := c.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	g.stop()
	var ce *ClosedError
	if err := <-done; !errors.As(err, &ce) || ce.Code != 1012 || ce.Reason != "service restart" || ce.ByClient {
		t.Fatalf("in-flight call = %v, want the gateway's 1012 close", err)
	}
	if ev := <-events; ev.Name != "shutdown" || !ev.HasSeq {
		t.Fatalf("event = %+v, want the shutdown broadcast", ev)
	}
	if err := c.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}); !errors.As(err, &ce) {
		t.Fatalf("call after close = %v", err)
	}
}

func TestCallAfterCloseFails(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	c := dialTest(t, g.url, Options{})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	var ce *ClosedError
	err := c.Call(context.Background(), "health", nil, nil, rpc.CallOptions{})
	if !errors.As(err, &ce) || ce.Code != 1000 || !ce.ByClient {
		t.Fatalf("call after Close = %v", err)
	}
}

func TestRepliesToUnknownIDsAreIgnored(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		if !s.handshake(60_000) {
			return
		}
		f, ok := s.read()
		if !ok {
			return
		}
		s.send(`{"type":"res","id":"nobody","ok":true,"payload":{"stray":true}}`)
		s.send(`{"type":"res","id":"nobody","ok":false,"error":{"code":"UNAVAILABLE","message":"stray"}}`)
		s.send(`not json`)
		s.send(`{"type":"res","id":"` + idOf(f) + `","ok":true,"payload":{"mine":true}}`)
		s.drain()
	})
	c := dialTest(t, g.url, Options{})
	var out map[string]bool
	if err := c.Call(context.Background(), "health", nil, &out, rpc.CallOptions{}); err != nil || !out["mine"] {
		t.Fatalf("call = %v, %v", out, err)
	}
}

func TestFailedReplyWithoutErrorShape(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		if !s.handshake(60_000) {
			return
		}
		if f, ok := s.read(); ok {
			s.send(`{"type":"res","id":"` + idOf(f) + `","ok":false}`)
		}
		s.drain()
	})
	c := dialTest(t, g.url, Options{})
	err := c.Call(context.Background(), "health", nil, nil, rpc.CallOptions{})
	if we, ok := err.(*wire.Error); !ok || we.Code != wire.CodeUnavailable {
		t.Fatalf("call = %v, want an UNAVAILABLE *wire.Error", err)
	}
}
