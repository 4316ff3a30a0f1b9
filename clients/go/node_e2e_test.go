package gatewire

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	gwserver "github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/statedir"
)

// These tests run Nodes against the real gatewire gateway on loopback:
// an operator invokes, the gateway relays, the Node's handler answers.

// acmeConfig lets linux nodes declare the test's custom commands.
const acmeConfig = `{gateway: {nodes: {commands: {allow: ["acme.echo", "acme.whoami", "acme.slow"]}}}}`

// echoParams and echoResult are acme.echo's typed params and result.
type echoParams struct {
	Text string `json:"text"`
}
type echoResult struct {
	Echo string `json:"echo"`
	Node string `json:"node"`
}

// startNode runs a Node named name with handlers against url, each with
// its own device identity, until the test ends.
func startNode(t *testing.T, url, token, name string, handlers map[string]Handler) *Node {
	t.Helper()
	dev, err := OpenDevice(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opts := NodeOptions{ClientOptions: ClientOptions{Backoff: Backoff{Initial: 50 * time.Millisecond, Max: 200 * time.Millisecond}}}
	opts.Client.DisplayName, opts.Auth.Token, opts.Device = name, token, dev
	n := NewNode(url, opts)
	for cmd, h := range handlers {
		n.Handle(cmd, h)
	}
	done := make(chan error, 1)
	go func() { done <- n.Run(context.Background()) }()
	t.Cleanup(func() {
		_ = n.Close()
		<-done
	})
	return n
}

// nodeID waits for the Node's connection and returns its id.
func nodeID(t *testing.T, n *Node) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if c := n.Client(); c != nil && c.Conn() != nil {
			return n.opts.Device.ID()
		}
	}
	t.Fatal("node never connected")
	return ""
}

// invokeNode invokes command on nodeID with params.
func invokeNode(t *testing.T, op *Conn, nodeID, command string, params any, key string) (*protocol.NodeInvokeResult, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p := &protocol.NodeInvokeParams{NodeID: nodeID, Command: command, IdempotencyKey: key}
	if params != nil {
		p.Params = mustJSON(t, params)
	}
	return op.API().NodeInvoke(ctx, p)
}

// operatorConn connects a backend operator that may invoke and approve
// a node's pairing request.
func operatorConn(t *testing.T, url, token string) *Conn {
	return dialTest(t, url, Options{Auth: Auth{Token: token}, Scopes: []string{ScopeRead, ScopeWrite, ScopePairing, ScopeAdmin}})
}

// waitListed waits until node.list shows nodeID as connected (or not).
// A connected node's pending pairing request is approved on the way: a
// protocol 4 node's declared commands wait for node.pair.approve (a
// protocol 3 node paired silently on loopback has none).
func waitListed(t *testing.T, op *Conn, nodeID string, connected bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, err := op.API().NodeList(context.Background(), &protocol.NodeListParams{})
		if err != nil {
			t.Fatalf("node.list: %v", err)
		}
		for _, n := range res.Nodes {
			if n.NodeID == nodeID && n.Connected == connected && (!connected || !approvePending(t, op, nodeID)) {
				return
			}
		}
	}
	t.Fatalf("node %s never listed with connected=%v", nodeID, connected)
}

// approvePending approves nodeID's pending pairing request, reporting
// whether there was one.
func approvePending(t *testing.T, op *Conn, nodeID string) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	list, err := op.API().NodePairList(ctx, &protocol.NodePairListParams{})
	if err != nil {
		t.Fatalf("node.pair.list: %v", err)
	}
	for _, p := range list.Pending {
		if p.NodeID == nodeID {
			if _, err := op.API().NodePairApprove(ctx, &protocol.NodePairApproveParams{RequestID: p.RequestID}); err != nil {
				t.Fatalf("node.pair.approve: %v", err)
			}
			return true
		}
	}
	return false
}

func echoHandler(name string) Handler {
	return HandlerFunc(func(_ context.Context, _ *InvokeRequest, p *echoParams) (any, error) {
		if p.Text == "" {
			return nil, Errorf("ACME_EMPTY", "nothing to echo")
		}
		return echoResult{Echo: p.Text, Node: name}, nil
	})
}

func TestNodeServesACustomCommand(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: acmeConfig})
	n := startNode(t, g.URL, g.Token, "acme-box", map[string]Handler{"acme.echo": echoHandler("acme-box")})
	id := nodeID(t, n)
	op := operatorConn(t, g.URL, g.Token)
	waitListed(t, op, id, true)

	res, err := invokeNode(t, op, id, "acme.echo", map[string]string{"text": "hi"}, "k1")
	if err != nil || !res.Ok || deref(res.PayloadJSON) != `{"echo":"hi","node":"acme-box"}` {
		t.Fatalf("invoke = %+v, %v", res, err)
	}
	_, err = invokeNode(t, op, id, "acme.echo", map[string]string{}, "k2")
	var we *wire.Error
	if !errors.As(err, &we) || we.Code != wire.CodeUnavailable || we.Message != "ACME_EMPTY: nothing to echo" {
		t.Fatalf("handler error = %v", err)
	}
	_, err = invokeNode(t, op, id, "acme.echo", nil, "k3")
	if !errors.As(err, &we) || we.Message != "INVALID_REQUEST: "+"INVALID_REQUEST: paramsJSON required" {
		t.Fatalf("missing params = %v", err)
	}
}

func TestTwoNodesAnswerForThemselves(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: acmeConfig})
	a := startNode(t, g.URL, g.Token, "alpha", map[string]Handler{"acme.echo": echoHandler("alpha")})
	b := startNode(t, g.URL, g.Token, "beta", map[string]Handler{"acme.echo": echoHandler("beta")})
	op := operatorConn(t, g.URL, g.Token)
	for _, n := range []struct {
		node *Node
		name string
	}{{a, "alpha"}, {b, "beta"}, {a, "alpha"}} {
		id := nodeID(t, n.node)
		waitListed(t, op, id, true)
		res, err := invokeNode(t, op, id, "acme.echo", map[string]string{"text": "who"}, "k-"+n.name+time.Now().String())
		if err != nil || deref(res.PayloadJSON) != `{"echo":"who","node":"`+n.name+`"}` {
			t.Fatalf("%s answered %+v, %v", n.name, res, err)
		}
	}
}

func TestNodeDisconnectMidInvokeFailsTheCallAtOnce(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: acmeConfig})
	started := make(chan struct{})
	n := startNode(t, g.URL, g.Token, "slow", map[string]Handler{"acme.slow": func(ctx context.Context, _ *InvokeRequest) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}})
	id := nodeID(t, n)
	op := operatorConn(t, g.URL, g.Token)
	waitListed(t, op, id, true)
	errc := make(chan error, 1)
	go func() {
		_, err := invokeNode(t, op, id, "acme.slow", map[string]any{}, "slow-1")
		errc <- err
	}()
	<-started
	_ = n.Close()
	var we *wire.Error
	if err := <-errc; !errors.As(err, &we) || we.Code != wire.CodeUnavailable || we.Message != "Error: node disconnected (acme.slow)" {
		t.Fatalf("invoke during disconnect = %v", err)
	}
}

func TestNodeReconnectsAfterGatewayRestart(t *testing.T) {
	checkLeaks(t)
	dir := statedir.Dir(t.TempDir())
	first := startGatewayAt(t, dir, "127.0.0.1:0")
	n := startNode(t, first.url, first.token, "survivor", map[string]Handler{"acme.echo": echoHandler("survivor")})
	id := nodeID(t, n)
	op := operatorConn(t, first.url, first.token)
	waitListed(t, op, id, true)
	_ = op.Close()
	first.stop()

	second := startGatewayAt(t, dir, first.addr)
	op = operatorConn(t, second.url, second.token)
	waitListed(t, op, id, true)
	res, err := invokeNode(t, op, id, "acme.echo", map[string]string{"text": "back"}, "after-restart")
	if err != nil || deref(res.PayloadJSON) != `{"echo":"back","node":"survivor"}` {
		t.Fatalf("invoke after restart = %+v, %v", res, err)
	}
}

// runningGateway is a gateway started on a chosen address, so that a
// second one can take the first one's place.
type runningGateway struct {
	url, addr, token string
	stop             func()
}

// startGatewayAt runs a gateway with dir's state and acmeConfig on addr.
func startGatewayAt(t *testing.T, dir statedir.Dir, addr string) *runningGateway {
	t.Helper()
	if err := writeFile(dir.ConfigFile(), acmeConfig); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	g, err := gwserver.New(gwserver.Setup{StateDir: dir, Listener: ln})
	if err != nil {
		ln.Close()
		t.Fatalf("gateway: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		_ = g.Run(ctx)
		close(done)
	}()
	rg := &runningGateway{url: g.URL(), addr: ln.Addr().String(), token: g.Config().Effective().Gateway.Auth.Token}
	stopped := false
	rg.stop = func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	t.Cleanup(rg.stop)
	return rg
}

// mustJSON encodes v.
func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFile writes a private file.
func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestNodeDrainsPendingWorkAfterConnect(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: acmeConfig})
	dev, err := OpenDevice(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []protocol.NodePendingItem, 1)
	opts := NodeOptions{OnPending: func(_ context.Context, items []protocol.NodePendingItem) { got <- items }}
	opts.Auth.Token, opts.Device = g.Token, dev
	n := NewNode(g.URL, opts)
	n.Handle("acme.echo", echoHandler("drainer"))
	done := make(chan error, 1)
	go func() { done <- n.Run(context.Background()) }()
	defer func() { _ = n.Close(); <-done }()
	select {
	case items := <-got:
		if len(items) == 0 || items[len(items)-1].Type != "status.request" {
			t.Fatalf("drained %+v, want the baseline status request last", items)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("OnPending never called")
	}
}

func TestNodeAnswersPanicsAndOverloadWithErrors(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: acmeConfig})
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	dev, err := OpenDevice(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opts := NodeOptions{MaxConcurrentInvokes: 1}
	opts.Auth.Token, opts.Device = g.Token, dev
	n := NewNode(g.URL, opts)
	n.Handle("acme.echo", func(context.Context, *InvokeRequest) (any, error) { panic("boom") })
	n.Handle("acme.slow", func(context.Context, *InvokeRequest) (any, error) {
		started <- struct{}{}
		<-release
		return map[string]bool{"done": true}, nil
	})
	done := make(chan error, 1)
	go func() { done <- n.Run(context.Background()) }()
	defer func() { _ = n.Close(); <-done }()
	id := nodeID(t, n)
	op := operatorConn(t, g.URL, g.Token)
	waitListed(t, op, id, true)

	var we *wire.Error
	if _, err := invokeNode(t, op, id, "acme.echo", map[string]any{}, "p1"); !errors.As(err, &we) || we.Message != "UNAVAILABLE: command failed" {
		t.Fatalf("panicking handler = %v", err)
	}
	slow := make(chan error, 1)
	go func() {
		_, err := invokeNode(t, op, id, "acme.slow", map[string]any{}, "s1")
		slow <- err
	}()
	<-started
	if _, err := invokeNode(t, op, id, "acme.slow", map[string]any{}, "s2"); !errors.As(err, &we) || we.Message != "UNAVAILABLE: node busy" {
		t.Fatalf("invoke beyond the limit = %v", err)
	}
	close(release)
	if err := <-slow; err != nil {
		t.Fatalf("first slow invoke = %v", err)
	}
}

func TestNodeClosedBeforeRunDoesNotConnect(t *testing.T) {
	checkLeaks(t)
	n := NewNode("ws://127.0.0.1:1", NodeOptions{})
	_ = n.Close()
	if err := n.Run(context.Background()); err != nil || n.Client() != nil {
		t.Fatalf("Run after Close = %v, client %v", err, n.Client())
	}
}

func TestNodeRefusesToRunAfterAHandleMisuse(t *testing.T) {
	checkLeaks(t)
	n := NewNode("ws://127.0.0.1:1", NodeOptions{})
	n.Handle("acme.echo", echoHandler("a"))
	n.Handle("acme.echo", echoHandler("b"))
	if err := n.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "registered twice") {
		t.Fatalf("Run = %v", err)
	}
}
