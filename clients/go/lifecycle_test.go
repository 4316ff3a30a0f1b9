package gatewire

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// connectedClient runs a Client against g and returns it once connected,
// with the channel OnDisconnect reports to.
func connectedClient(t *testing.T, g *gateway, o ClientOptions) (*Client, chan error) {
	t.Helper()
	connected := make(chan *Conn, 8)
	disconnected := make(chan error, 8)
	o.Options.Auth = Auth{Token: g.token}
	o.Options.Scopes = []string{ScopeRead}
	o.OnConnect = func(c *Conn) { connected <- c }
	o.OnDisconnect = func(err error) { disconnected <- err }
	cl := NewClient(g.url, o)
	runClient(t, cl)
	<-connected
	return cl, disconnected
}

func TestAClientCallWhileDisconnectedFailsAsNotConnected(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	// The first redial comes at once and fails; the next waits an hour.
	slow := Backoff{Initial: time.Millisecond, Max: time.Hour, Factor: 1e12}
	cl, disconnected := connectedClient(t, g, ClientOptions{Backoff: slow})
	g.stop()
	if err := <-disconnected; !errors.As(err, new(*ClosedError)) {
		t.Fatalf("first disconnect = %v", err)
	}
	if err := <-disconnected; !errors.As(err, new(*UpgradeError)) {
		t.Fatalf("failed redial = %v", err)
	}
	err := cl.Call(context.Background(), "health", nil, nil, rpc.CallOptions{})
	var nc *NotConnectedError
	var refused *UpgradeError
	if !errors.Is(err, ErrNotConnected) || !errors.As(err, &nc) || !errors.As(err, &refused) {
		t.Fatalf("call while disconnected = %v", err)
	}
	t.Logf("a call while disconnected: %v", err)
}

func TestAClientThatWaitsForAConnectionSaysSoWhenItsContextEnds(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	slow := Backoff{Initial: time.Millisecond, Max: time.Hour, Factor: 1e12}
	cl, disconnected := connectedClient(t, g, ClientOptions{Backoff: slow, WaitForConnection: true})
	g.stop()
	<-disconnected
	<-disconnected // the failed redial
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := cl.Call(ctx, "health", nil, nil, rpc.CallOptions{})
	if !errors.Is(err, ErrNotConnected) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("call = %v", err)
	}
}

func TestClientCloseStopsRedialingAndIsIdempotent(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	cl := NewClient(g.url, ClientOptions{Options: Options{Auth: Auth{Token: "secret"}, Scopes: []string{ScopeRead}}})
	sub := cl.Subscribe(4)
	done := make(chan error, 1)
	go func() { done <- cl.Run(context.Background()) }()
	if _, err := cl.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := cl.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run after Close = %v", err)
	}
	if err := cl.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if _, open := <-sub.C; open {
		t.Fatal("the subscription outlived Close")
	}
	if err := cl.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}); !errors.Is(err, ErrClientStopped) {
		t.Fatalf("call after Close = %v", err)
	}
	if g.srv.Count(); g.connectCount() != 1 {
		t.Fatalf("%d connects: the client redialed after Close", g.connectCount())
	}
	// Closed before Run: Run returns at once.
	early := NewClient(g.url, ClientOptions{})
	early.Close()
	if err := early.Run(context.Background()); err != nil {
		t.Fatalf("Run after Close = %v", err)
	}
}

func TestAClientSubscriptionSurvivesReconnects(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	cl, disconnected := connectedClient(t, g, ClientOptions{Backoff: Backoff{Initial: time.Millisecond}})
	sub := cl.Subscribe(16, "tick")
	defer sub.Close()
	for round := range 2 {
		if err := cl.Call(context.Background(), "broadcast", map[string]any{"name": "tick"}, nil, rpc.CallOptions{}); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		ev, open := <-sub.C
		if !open || ev.Name != "tick" {
			t.Fatalf("round %d: %+v open=%v", round, ev, open)
		}
		g.srv.Each(func(c *engine.Conn) bool { c.Close(wire.CloseServiceRestart, wire.ReasonServiceRestart); return true })
		<-disconnected
		if _, err := cl.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if g.connectCount() != 3 {
		t.Fatalf("%d connects", g.connectCount())
	}
}

func TestAClientWaitsAsLongAsTheShutdownEventAnnounced(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	rec := &sleepRecorder{limit: 1}
	ctx, cancel := context.WithCancel(context.Background())
	rec.cancel = cancel
	defer cancel()
	cl2 := NewClient(g.url, ClientOptions{Options: Options{Auth: Auth{Token: "secret"}}, OnConnect: func(*Conn) {
		restart := int64(7000)
		go g.srv.Shutdown(context.Background(), "restarting", &restart)
	}})
	cl2.sleep = rec.sleep
	cl2.rand = func() float64 { return 0.5 }
	if err := cl2.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	// 7 s plus half of the 20% jitter: never earlier than announced.
	if got := rec.recorded(); len(got) != 1 || got[0] != 7700*time.Millisecond {
		t.Fatalf("waits = %v, want [7.7s]", got)
	}
}

func TestBackoffJitterStaysWithinItsFraction(t *testing.T) {
	b := Backoff{}.withDefaults()
	for _, r := range []float64{0, 0.25, 0.5, 0.999} {
		got := b.jittered(10*time.Second, r)
		if got < 8*time.Second || got > 12*time.Second {
			t.Fatalf("jittered(10s, %v) = %v", r, got)
		}
		if got := b.afterRestart(10*time.Second, r); got < 10*time.Second || got > 12*time.Second {
			t.Fatalf("afterRestart(10s, %v) = %v", r, got)
		}
	}
	if none := (Backoff{Jitter: -1}).withDefaults(); none.jittered(time.Second, 0) != time.Second {
		t.Fatal("a negative jitter still randomizes")
	}
}
