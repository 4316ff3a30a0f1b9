package gateway_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/statedir"
)

// lockedBuffer is a log sink that gateways and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// served is a restartable gateway run by gateway.Serve on loopback.
type served struct {
	url      string
	dir      statedir.Dir
	log      *lockedBuffer
	gateways chan *gateway.Gateway // each gateway Serve starts, in order
}

// serve writes config into a new state directory and runs gateway.Serve
// on 127.0.0.1:0 until the test ends; the first gateway is running when
// it returns.
func serve(t *testing.T, config string) (*served, *gateway.Gateway) {
	t.Helper()
	s := &served{dir: statedir.Dir(t.TempDir()), log: &lockedBuffer{}, gateways: make(chan *gateway.Gateway, 8)}
	if err := os.WriteFile(s.dir.ConfigFile(), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	setup := gateway.Setup{StateDir: s.dir, Listener: ln, Stdout: s.log, Getenv: func(string) string { return "" }}
	go func() {
		done <- gateway.Serve(ctx, setup, func(_ context.Context, g *gateway.Gateway) { s.gateways <- g })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
	first := s.next(t)
	s.url = first.URL()
	return s, first
}

// next returns the next gateway Serve started (after a restart).
func (s *served) next(t *testing.T) *gateway.Gateway {
	t.Helper()
	select {
	case g := <-s.gateways:
		return g
	case <-time.After(10 * time.Second): // a bound on a hang, not a timing check
		t.Fatalf("no gateway started\nlog:\n%s", s.log)
		return nil
	}
}

// edit rewrites the config file as an editor would.
func (s *served) edit(t *testing.T, config string) {
	t.Helper()
	if err := os.WriteFile(s.dir.ConfigFile(), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
}

// connect connects a raw operator client to the served gateway.
func (s *served) connect(t *testing.T) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, s.url)
	c.MustConnect(gatewaytest.ConnectParams(restartToken, "operator", read))
	return c
}

const restartToken = "restart-test-token"

// expectRestartShutdown checks that c got the restart's shutdown event
// and its 1012 close.
func expectRestartShutdown(t *testing.T, c *gatewaytest.Client) {
	t.Helper()
	ev := c.NextEvent("shutdown")
	if string(ev.Payload) != `{"reason":"gateway restarting","restartExpectedMs":1500}` || ev.Seq == nil {
		t.Fatalf("shutdown = %s", ev.Raw)
	}
	if code, reason := c.Closed(); code != 1012 || reason != "service restart" {
		t.Fatalf("close %d %q", code, reason)
	}
}

// TestRestartBringsClientsBackOnTheSamePort: an in-process restart tells
// every client when the gateway expects to be back, a new gateway serves
// the same address, and a Go SDK client reconnects on its own and calls
// it.
func TestRestartBringsClientsBackOnTheSamePort(t *testing.T) {
	s, first := serve(t, `{ gateway: { auth: { token: "`+restartToken+`" } } }`)
	raw := s.connect(t)
	connected := make(chan *gatewire.Conn, 4)
	cl := gatewire.NewClient(s.url, gatewire.ClientOptions{
		Options:   gatewire.Options{Auth: gatewire.Auth{Token: restartToken}, Scopes: []string{gatewire.ScopeRead}},
		OnConnect: func(c *gatewire.Conn) { connected <- c },
	})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- cl.Run(ctx) }()
	defer func() { cancel(); <-ran }()
	before := <-connected

	if err := first.Restart("test"); err != nil {
		t.Fatal(err)
	}
	expectRestartShutdown(t, raw)
	second := s.next(t)
	if second == first || second.URL() != s.url {
		t.Fatalf("after the restart: same gateway %v, URL %s (was %s)", second == first, second.URL(), s.url)
	}
	after := <-connected
	if after == before || after.Hello().Server.ConnID == before.Hello().Server.ConnID {
		t.Fatal("the SDK client did not reconnect")
	}
	health, err := cl.API().Health(context.Background(), nil)
	if err != nil || !health.Ok {
		t.Fatalf("health after the restart = %+v, %v", health, err)
	}
	if !strings.Contains(s.log.String(), `msg="gateway restarting" reason=test`) {
		t.Fatalf("log lacks the restart line:\n%s", s.log)
	}
}

// TestRestartRefusedWhenTheConfigFileIsBroken: a restart never trades a
// running gateway for one that cannot start.
func TestRestartRefusedWhenTheConfigFileIsBroken(t *testing.T) {
	s, g := serve(t, `{ gateway: { auth: { token: "`+restartToken+`" }, reload: { mode: "off" } } }`)
	c := s.connect(t)
	s.edit(t, `{ gateway: { auth: { token: "`+restartToken+`" }, prot: 1 } }`)
	err := g.Restart("test")
	if err == nil || !strings.Contains(err.Error(), "gateway.prot") {
		t.Fatalf("Restart = %v", err)
	}
	var out map[string]any
	c.Result("health", nil, &out)
	if out["ok"] != true {
		t.Fatalf("health after a refused restart = %v", out)
	}
	if !strings.Contains(s.log.String(), "restart refused") {
		t.Fatalf("log lacks the refusal:\n%s", s.log)
	}
}

// reloadConfig is a config file with a reload mode, a tick interval (a
// key marked x-restart) and voicewake triggers (a hot key).
func reloadConfig(mode string, tickMs int, trigger string) string {
	return `{ gateway: { auth: { token: "` + restartToken + `" }, reload: { mode: "` + mode + `" }, tickIntervalMs: ` +
		strconv.Itoa(tickMs) + ` }, voicewake: { triggers: ["` + trigger + `"] } }`
}

// expectTrigger checks that the next voicewake.changed event on c names
// trigger.
func expectTrigger(t *testing.T, c *gatewaytest.Client, trigger string) {
	t.Helper()
	if ev := c.NextEvent("voicewake.changed"); string(ev.Payload) != `{"triggers":["`+trigger+`"]}` {
		t.Fatalf("voicewake.changed = %s", ev.Raw)
	}
}

// In hybrid mode (the default) a hot key applies at once and a key the
// schema marks x-restart restarts the gateway, which then runs with it.
func TestReloadHybridAppliesHotKeysAndRestartsForOthers(t *testing.T) {
	s, _ := serve(t, `{ gateway: { auth: { token: "`+restartToken+`" }, tickIntervalMs: 30000 }, voicewake: { triggers: ["a"] } }`)
	c := s.connect(t)
	s.edit(t, `{ gateway: { auth: { token: "`+restartToken+`" }, tickIntervalMs: 30000 }, voicewake: { triggers: ["b"] } }`)
	expectTrigger(t, c, "b")
	s.edit(t, `{ gateway: { auth: { token: "`+restartToken+`" }, tickIntervalMs: 5000 }, voicewake: { triggers: ["b"] } }`)
	expectRestartShutdown(t, c)
	next := s.next(t)
	if got := next.Config().Effective().Gateway.TickIntervalMs; got != 5000 {
		t.Fatalf("tick interval after the restart = %d", got)
	}
	c = gatewaytest.Dial(t, s.url)
	if hello := c.MustConnect(gatewaytest.ConnectParams(restartToken, "operator", read)); hello.Policy.TickIntervalMs != 5000 {
		t.Fatalf("hello-ok tick interval after the restart = %d", hello.Policy.TickIntervalMs)
	}
	if !strings.Contains(s.log.String(), "config change needs a restart") {
		t.Fatalf("log lacks the restart reason:\n%s", s.log)
	}
}

// In hot mode a key that needs a restart is only logged: the connection
// stays and the next hot edit reaches it.
func TestReloadHotNeverRestarts(t *testing.T) {
	s, g := serve(t, reloadConfig("hot", 30000, "a"))
	c := s.connect(t)
	s.edit(t, reloadConfig("hot", 5000, "a"))
	waitLogged(t, s, `keys=[gateway.tickIntervalMs]`)
	s.edit(t, reloadConfig("hot", 5000, "bb"))
	expectTrigger(t, c, "bb") // no shutdown came before it
	if g.Config().Effective().Voicewake.Triggers[0] != "bb" {
		t.Fatal("hot key not applied")
	}
}

// In restart mode even a hot key restarts the gateway.
func TestReloadRestartModeRestartsOnAnyChange(t *testing.T) {
	s, _ := serve(t, reloadConfig("restart", 30000, "a"))
	c := s.connect(t)
	s.edit(t, reloadConfig("restart", 30000, "b"))
	expectRestartShutdown(t, c)
	if got := s.next(t).Config().Effective().Voicewake.Triggers; len(got) != 1 || got[0] != "b" {
		t.Fatalf("triggers after the restart = %v", got)
	}
}

// In off mode an edit is not applied; turning reloading back on applies
// the file as it then is.
func TestReloadOffIgnoresEdits(t *testing.T) {
	s, g := serve(t, reloadConfig("off", 30000, "a"))
	c := s.connect(t)
	s.edit(t, reloadConfig("off", 30000, "b"))
	waitLogged(t, s, "config reload disabled (gateway.reload.mode=off)")
	if got := g.Config().Effective().Voicewake.Triggers[0]; got != "a" {
		t.Fatalf("trigger applied in off mode: %s", got)
	}
	s.edit(t, reloadConfig("hybrid", 30000, "cc"))
	expectTrigger(t, c, "cc") // "b" was never applied
}

// waitLogged waits until the gateway's log holds text (bounded, so a
// missing line fails rather than hangs).
func waitLogged(t *testing.T, s *served, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.log.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks %q:\n%s", text, s.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
