package gatewire

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatewire/gatewire/clients/internal/leakcheck"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// runClient runs cl in the background and returns a function that stops
// it and returns Run's result; the test's end stops it too.
func runClient(t *testing.T, cl *Client) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cl.Run(ctx) }()
	var once sync.Once
	var result error
	stop = func() error {
		once.Do(func() {
			cancel()
			result = <-done
		})
		return result
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func TestClientRedialsAndRunsTheHandshakeAgain(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	connected := make(chan *Conn, 4)
	disconnected := make(chan error, 4)
	cl := NewClient(g.url, ClientOptions{
		Options:      Options{Auth: Auth{Token: "secret"}, Scopes: []string{ScopeRead}},
		Backoff:      Backoff{Initial: 5 * time.Millisecond},
		OnConnect:    func(c *Conn) { connected <- c },
		OnDisconnect: func(err error) { disconnected <- err },
	})
	// A call made before the first connection waits for it.
	early := make(chan error, 1)
	go func() { early <- cl.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}) }()
	stop := runClient(t, cl)

	first := <-connected
	if err := <-early; err != nil {
		t.Fatalf("call made before the connection: %v", err)
	}
	g.srv.Each(func(c *engine.Conn) bool { c.Close(wire.CloseServiceRestart, wire.ReasonServiceRestart); return true })
	var ce *ClosedError
	if err := <-disconnected; !errors.As(err, &ce) || ce.Code != 1012 {
		t.Fatalf("disconnect reason = %v", err)
	}
	second := <-connected
	if second == first || g.connectCount() != 2 {
		t.Fatalf("no new handshake (connects %d)", g.connectCount())
	}
	var out map[string]bool
	if err := cl.Call(context.Background(), "health", nil, &out, rpc.CallOptions{}); err != nil || !out["ok"] {
		t.Fatalf("call after the redial = %v, %v", out, err)
	}

	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	if err := cl.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}); !errors.Is(err, ErrClientStopped) {
		t.Fatalf("call after Run returned = %v", err)
	}
	if cl.Conn() != nil {
		t.Fatal("a connection is still published")
	}
}

// sleepRecorder replaces a Client's sleep: it records each wait and
// cancels the client once it has seen enough of them.
type sleepRecorder struct {
	mu     sync.Mutex
	waits  []time.Duration
	limit  int
	cancel context.CancelFunc
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	if len(s.waits) >= s.limit {
		s.cancel()
	}
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits)
}

// runRecorded runs cl with recorded sleeps until limit waits were asked.
func runRecorded(t *testing.T, cl *Client, limit int) []time.Duration {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &sleepRecorder{limit: limit, cancel: cancel}
	cl.sleep = rec.sleep
	cl.rand = func() float64 { return 0.5 } // no jitter
	if err := cl.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	return rec.recorded()
}

func TestClientBackoffDoublesToThirtySecondsAndResetsAfterAHandshake(t *testing.T) {
	checkLeaks(t)
	var refusals atomic.Int32
	g := newGateway(t, "", func(g *gateway, _ *engine.Config) {
		g.refuse = func(*connectParams) *engine.Refusal {
			if refusals.Add(1) <= 7 {
				return refusal("unauthorized: test", nil)
			}
			return nil
		}
	})
	cl := NewClient(g.url, ClientOptions{
		OnConnect: func(c *Conn) { go func() { _ = c.Close() }() },
	})
	got := runRecorded(t, cl, 8)
	s := time.Second
	want := []time.Duration{1 * s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s, 1 * s}
	if !slices.Equal(got, want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
}

func TestClientWaitsAsAStartingGatewayAsks(t *testing.T) {
	checkLeaks(t)
	var refusals atomic.Int32
	g := newGateway(t, "", func(g *gateway, _ *engine.Config) {
		g.refuse = func(*connectParams) *engine.Refusal {
			n := refusals.Add(1)
			switch n {
			case 1, 2:
				after := map[int32]int64{1: 5000, 2: 10}[n]
				return &engine.Refusal{Reply: wire.Unavailable("gateway starting; retry shortly").WithRetry(after), Code: 1013, Reason: "gateway starting"}
			}
			return refusal("unauthorized: test", nil)
		}
	})
	cl := NewClient(g.url, ClientOptions{})
	got := runRecorded(t, cl, 3)
	want := []time.Duration{2 * time.Second, 100 * time.Millisecond, time.Second}
	if !slices.Equal(got, want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
}

func TestClientRunRejectsSettingsThatCannotWork(t *testing.T) {
	cl := NewClient("ftp://x", ClientOptions{})
	if err := cl.Run(context.Background()); err == nil {
		t.Fatal("Run accepted an ftp URL")
	}
	bad := NewClient("wss://127.0.0.1:1", ClientOptions{Options: Options{TLSFingerprint: "not hex"}})
	if err := bad.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "TLS fingerprint") {
		t.Fatalf("Run with a malformed fingerprint = %v", err)
	}
	if _, err := cl.Wait(context.Background()); !errors.Is(err, ErrClientStopped) {
		t.Fatalf("Wait after Run = %v", err)
	}
}

func TestBackoffDefaultsAndBounds(t *testing.T) {
	b := Backoff{}.withDefaults()
	if b.Initial != time.Second || b.Max != 30*time.Second || b.Factor != 2 {
		t.Fatalf("defaults = %+v", b)
	}
	if got := (Backoff{Initial: time.Second, Max: 3 * time.Second, Factor: 10}).withDefaults().next(time.Second); got != 3*time.Second {
		t.Fatalf("next past the maximum = %v", got)
	}
}

func TestClientClosesAConnectionWhoseHandshakeEndsWithRun(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	d, _ := openDevice(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Now is called to sign the connect and again to date the device
	// token hello-ok issued: the second call ends Run's context just as
	// the handshake succeeds.
	var calls atomic.Int32
	now := func() time.Time {
		if calls.Add(1) == 2 {
			cancel()
		}
		return time.Now()
	}
	cl := NewClient(g.url, ClientOptions{Options: Options{Device: d, Now: now}})
	if err := cl.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	if calls.Load() != 2 {
		t.Fatalf("Now called %d times, want 2: the test no longer ends Run at the handshake", calls.Load())
	}
	// The gateway is still up: only the client can end the connection.
	if leaked := leakcheck.Settle(); leaked != "" {
		t.Fatalf("the connection outlived Run:\n%s", leaked)
	}
}
