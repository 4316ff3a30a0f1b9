package engine

import (
	"context"
	"encoding/json"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// TestTorture runs many connections at once through everything the engine
// does concurrently: pipelined requests with fast, slow (handed to a new
// reader) and two-phase handlers; broadcasts of small and shared 20 KiB
// events from several goroutines, drop-if-slow or not; direct events;
// client pings; a client closing, a client closed by the server; slow
// consumers that overflow and one that only ever gets drop-if-slow events.
// Every frame must be one whole JSON message; each connection's seq must
// rise strictly, with gaps only where drop-if-slow allows; every request
// must get exactly its replies, two-phase ones in order; and shutdown must
// reach everyone left. Run it with -race.
func TestTorture(t *testing.T) {
	overEachTransport(t, runTorture)
}

// The torture's shape.
const (
	tortureRounds      = 10
	tortureBroadcaster = 3
	tortureRoundEvents = 12 // per broadcaster and round
	tortureKickRound   = 3
	tortureLeaveRound  = 5
	tortureLargeEvent  = 20 << 10
)

// tortureEvents are the broadcasts: t.keep needs operator.read and may not
// be dropped; t.drop goes to every operator and may be.
var tortureEvents = []rpc.EventSpec{
	{Name: "t.keep", Routes: []rpc.RouteSpec{{Target: rpc.TargetBroadcast, Role: rpc.RoleOperator, Scope: "operator.read", SeqFrom: 3}}},
	{Name: "t.drop", Routes: []rpc.RouteSpec{{Target: rpc.TargetBroadcast, Role: rpc.RoleOperator, SeqFrom: 3, DropIfSlow: true}}},
}

// tortureMethods are the handlers the clients call.
func tortureMethods(cfg *Config) {
	ok := map[string]string{"status": "ok"}
	specs := map[string]rpc.HandlerFunc{
		"echo.status": func(context.Context, *rpc.Call, json.RawMessage) (any, error) { return ok, nil },
		"nap": func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			time.Sleep(3 * time.Millisecond) // longer than inlineBudget: reading moves on
			return ok, nil
		},
		"two.step": func(ctx context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
			if err := call.Accept(map[string]string{"status": "accepted"}); err != nil {
				return nil, err
			}
			time.Sleep(time.Millisecond)
			return ok, nil
		},
	}
	for name, fn := range specs {
		withMethod(rpc.MethodSpec{Name: name, Role: rpc.RoleOperator, Scope: "operator.read"}, fn)(cfg)
	}
	cfg.Manifest.Events = append(append([]rpc.EventSpec(nil), cfg.Manifest.Events...), tortureEvents...)
	cfg.Policy.MaxBufferedBytes = 256 << 10
}

// smallSendBuffers gives every accepted TCP socket a 16 KiB send buffer,
// so that a client that stops reading fills its queue quickly.
type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// tortureBroadcast returns broadcaster b's event i: every third may be
// dropped, every fifth is large enough to be shared between connections.
func tortureBroadcast(b, i int) Event {
	name, pad := "t.keep", 16
	if i%3 == 1 {
		name = "t.drop"
	}
	if i%5 == 0 {
		pad = tortureLargeEvent
	}
	return Event{Name: name, Payload: map[string]any{"b": b, "i": i, "pad": strings.Repeat("x", pad)}}
}

// torture is one run: the harness, the clients and what was sent.
type torture struct {
	t       *testing.T
	h       *harness
	clients []*tortureClient
	keeps   map[[2]int]bool // every t.keep broadcast
	drops   int             // the number of t.drop broadcasts
	sent    int             // broadcasts so far
	readers sync.WaitGroup
}

func runTorture(t *testing.T, tr connPath) {
	h := newHarnessWith(t, tr, tortureMethods, func(l net.Listener) net.Listener { return smallSendBuffers{l} })
	// A slow client reads again only once every broadcast is out, which on
	// a loaded machine can take longer than the 5 s the gateway normally
	// gives a slow consumer's close handshake; it must still see the 1008.
	h.srv.slowCloseTimeout = time.Minute
	tt := &torture{t: t, h: h, keeps: map[[2]int]bool{}}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	kinds := []clientKind{stayer, stayer, stayer, stayer, leaver, leaver, kicked, kicked, slow, slow, gappy, gappy}
	var senders sync.WaitGroup
	for n, kind := range kinds {
		expected := map[string]int{}
		if kind.sendsRequests() {
			expected = expectedReplies()
		}
		c := h.openTortureClient(kind, n, expected)
		tt.clients = append(tt.clients, c)
		tt.readers.Go(func() { c.read(ctx) })
		if kind.sendsRequests() {
			c.sendRequests(ctx, &senders)
		}
		if kind == stayer {
			senders.Go(func() { c.ping(ctx) })
		}
	}
	for round := range tortureRounds {
		tt.round(round)
	}
	senders.Wait()
	tt.finish(ctx)
	tt.check()
}

// ping has the client ping the gateway a few times while it reads.
func (c *tortureClient) ping(ctx context.Context) {
	for range 10 {
		if err := c.WS().Ping(ctx); err != nil {
			c.t.Errorf("%s: ping: %v", c.name, err)
			return
		}
	}
}

// round broadcasts from several goroutines at once while direct events go
// out, acts on the leaving and kicked clients when their round comes, and
// waits for the fast clients to catch up, so that only slow clients ever
// overflow.
func (tt *torture) round(round int) {
	var wg sync.WaitGroup
	for b := range tortureBroadcaster {
		wg.Go(func() {
			for k := range tortureRoundEvents {
				tt.h.srv.Broadcast(tortureBroadcast(b, round*tortureRoundEvents+k))
			}
		})
	}
	wg.Go(func() {
		for _, c := range tt.clients {
			if c.kind != gappy {
				_ = c.conn.SendEvent("open.event", map[string]int{"d": round}, false)
			}
		}
	})
	wg.Wait()
	for b := range tortureBroadcaster {
		for k := range tortureRoundEvents {
			i := round*tortureRoundEvents + k
			if ev := tortureBroadcast(b, i); ev.Name == "t.keep" {
				tt.keeps[[2]int{b, i}] = true
			} else {
				tt.drops++
			}
			tt.sent++
		}
	}
	for _, c := range tt.clients {
		switch {
		case c.kind == kicked && round == tortureKickRound:
			c.conn.Close(4001, "device removed")
		case c.kind == leaver && round == tortureLeaveRound:
			go func() { c.left <- c.WS().Close(1000, "bye") }()
		}
	}
	tt.catchUp(round)
}

// catchUp waits until every fast client still meant to be open has
// received every broadcast so far.
func (tt *torture) catchUp(round int) {
	for _, c := range tt.clients {
		gone := (c.kind == kicked && round >= tortureKickRound) || (c.kind == leaver && round >= tortureLeaveRound)
		if c.kind == slow || c.kind == gappy || gone {
			continue
		}
		eventually(tt.t, c.name+" catches up", func() bool { return c.seqEvents.Load() >= int64(tt.sent) })
	}
}

// finish lets the slow clients read, broadcasts a marker once every queue
// is empty, waits for everyone left to have it (and its replies), and
// shuts the gateway down.
func (tt *torture) finish(ctx context.Context) {
	for _, c := range tt.clients {
		if c.kind == slow || c.kind == gappy {
			close(c.gate)
		}
	}
	eventually(tt.t, "every queue empty", func() bool {
		empty := true
		tt.h.srv.Each(func(c *Conn) bool { empty = c.Buffered() == 0; return empty })
		return empty
	})
	tt.h.srv.Broadcast(Event{Name: "open.event", Payload: map[string]bool{"marker": true}})
	for _, c := range tt.clients {
		select {
		case <-c.complete:
		case <-c.done:
		case <-ctx.Done():
			tt.t.Fatalf("%s never got the marker and its replies", c.name)
		}
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	tt.h.srv.Shutdown(sctx, "", nil)
	tt.readers.Wait()
	tt.h.noSocketsLeft()
}

// check judges what each client saw once its socket has ended.
func (tt *torture) check() {
	gaps := false
	for _, c := range tt.clients {
		code, reason := c.closeCode()
		switch c.kind {
		case stayer:
			tt.expectShutdown(c, tt.sent+2)
			tt.expectEveryKeep(c)
			if c.drops != tt.drops || !c.marker || c.finished != len(c.expected) {
				tt.t.Errorf("%s: %d of %d drop-if-slow events, marker %v, %d of %d requests answered",
					c.name, c.drops, tt.drops, c.marker, c.finished, len(c.expected))
			}
		case leaver:
			if err := <-c.left; err != nil {
				tt.t.Errorf("%s: its close handshake: %v", c.name, err)
			}
		case kicked:
			if code != 4001 || reason != "device removed" {
				tt.t.Errorf("%s: closed with %d %q (%v), want 4001", c.name, code, reason, c.closeErr())
			}
		case slow:
			if code != 1008 || reason != "slow consumer" {
				tt.t.Errorf("%s: closed with %d %q (%v), want 1008 slow consumer", c.name, code, reason, c.closeErr())
			}
		case gappy:
			tt.expectShutdown(c, tt.drops+2)
			gaps = gaps || c.drops < tt.drops
			if !c.marker || len(c.keeps) != 0 {
				tt.t.Errorf("%s: marker %v, %d events it may not get", c.name, c.marker, len(c.keeps))
			}
		}
	}
	if !gaps {
		tt.t.Error("no drop-if-slow event was ever dropped: the test did not test that")
	}
}

// expectShutdown checks that c was closed 1012 after a shutdown event
// numbered seq, its last.
func (tt *torture) expectShutdown(c *tortureClient, seq int) {
	tt.t.Helper()
	if code, _ := c.closeCode(); code != 1012 || c.shutdown != int64(seq) || c.lastSeq != int64(seq) {
		tt.t.Errorf("%s: close %d (%v), shutdown seq %d, last seq %d; want 1012 after shutdown %d",
			c.name, code, c.closeErr(), c.shutdown, c.lastSeq, seq)
	}
}

// expectEveryKeep checks that c got every event that may not be dropped.
func (tt *torture) expectEveryKeep(c *tortureClient) {
	tt.t.Helper()
	if len(c.keeps) != len(tt.keeps) {
		tt.t.Errorf("%s: %d of %d events that may not be dropped", c.name, len(c.keeps), len(tt.keeps))
	}
}
