package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/internal/testclient"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/transport"
	"github.com/gatewire/gatewire/runtime/wire"
)

// testManifest is a small protocol used by the engine tests.
var testManifest = rpc.Manifest{
	Protocol: 3,
	Policy: rpc.Policy{
		MaxPayload: 1 << 20, MaxBufferedBytes: 1 << 20, TickIntervalMs: 60_000,
		PreauthMaxPayload: 1024, HandshakeTimeoutMs: 2_000, MaxPreauthSocketsPerIP: 3,
		DedupeTTLMs: 60_000, DedupeMax: 10,
	},
	Roles: []rpc.Role{rpc.RoleOperator, rpc.RoleNode},
	Scopes: rpc.ScopeTable{
		{Name: "operator.admin", Role: rpc.RoleOperator, Implies: []string{"operator.*"}},
		{Name: "operator.read", Role: rpc.RoleOperator},
		{Name: "operator.write", Role: rpc.RoleOperator, Implies: []string{"operator.read"}},
		{Name: "operator.pairing", Role: rpc.RoleOperator},
	},
	Methods: []rpc.MethodSpec{
		{Name: "connect", Role: rpc.RoleOperator, Scope: "operator.admin"},
		{Name: "health", Role: rpc.RoleAny, Scope: "operator.read"},
		{Name: "echo", Role: rpc.RoleOperator, Scope: "operator.read"},
		{Name: "admin.only", Role: rpc.RoleOperator, Scope: "operator.admin"},
		{Name: "listed.not.implemented", Role: rpc.RoleOperator, Scope: "operator.read"},
		{Name: "node.only", Role: rpc.RoleNode},
		{Name: "slow", Role: rpc.RoleOperator, Scope: "operator.read", IdempotencyKey: true},
		{Name: "two.phase", Role: rpc.RoleOperator, Scope: "operator.write", TwoPhase: true, IdempotencyKey: true},
		{Name: "boom", Role: rpc.RoleOperator, Scope: "operator.read"},
	},
	Events: []rpc.EventSpec{
		{Name: "tick", Routes: []rpc.RouteSpec{broadcastTo(rpc.RoleAny, "", false)}},
		{Name: "shutdown", Routes: []rpc.RouteSpec{broadcastTo(rpc.RoleAny, "", false)}},
		{Name: "connect.challenge", Routes: []rpc.RouteSpec{{Target: rpc.TargetConnection, Role: rpc.RoleAny}}},
		{Name: "open.event", Routes: []rpc.RouteSpec{broadcastTo(rpc.RoleAny, "", false)}},
		{Name: "pairing.event", Routes: []rpc.RouteSpec{broadcastTo(rpc.RoleOperator, "operator.pairing", false)}},
		{Name: "read.event", Routes: []rpc.RouteSpec{broadcastTo(rpc.RoleOperator, "operator.read", true)}},
		{Name: "chat.like", Routes: []rpc.RouteSpec{
			{Target: rpc.TargetBroadcast, Role: rpc.RoleOperator, Scope: "operator.read", SeqFrom: 3, DropIfSlowWhen: rpc.Condition{Member: "state", Equals: "delta"}},
			{Target: rpc.TargetSession, Role: rpc.RoleNode},
		}},
		{Name: "agent.like", Routes: []rpc.RouteSpec{
			{Target: rpc.TargetBroadcast, Role: rpc.RoleOperator, Scope: "operator.read", SeqFrom: 3, When: rpc.Condition{Member: "stream", Equals: "tool", Negate: true}},
			{Target: rpc.TargetRun, Role: rpc.RoleOperator, Scope: "operator.read", Capability: "tool-events", SeqFrom: 4, When: rpc.Condition{Member: "stream", Equals: "tool"}},
		}},
		{Name: "node.direct", Routes: []rpc.RouteSpec{{Target: rpc.TargetNode, Role: rpc.RoleNode}}},
	},
}

// broadcastTo is a v3 broadcast route (with seq) to role holding scope.
func broadcastTo(role rpc.Role, scope string, dropIfSlow bool) rpc.RouteSpec {
	return rpc.RouteSpec{Target: rpc.TargetBroadcast, Role: role, Scope: scope, SeqFrom: 3, DropIfSlow: dropIfSlow}
}

// mustRegister registers a test handler in the config's registry.
func mustRegister(cfg *Config, name string, h rpc.HandlerFunc) {
	if err := cfg.Registry.Register(name, h); err != nil {
		panic(err)
	}
}

// hubOf returns the hub of a test config, making it when unset.
func hubOf(cfg *Config) *Hub {
	if cfg.Hub == nil {
		cfg.Hub = NewHub(cfg.Manifest, cfg.Logger)
	}
	return cfg.Hub
}

// jsonValidator is a test double for the schema validator: it checks only
// what the engine relies on (JSON, the request envelope, params objects).
type jsonValidator struct{}

type testFrameError struct {
	notJSON bool
	id      string
	msg     string
}

func (e *testFrameError) Error() string { return e.msg }
func (e *testFrameError) NotJSON() bool { return e.notJSON }
func (e *testFrameError) FrameID() (string, bool) {
	return e.id, e.id != ""
}

func (jsonValidator) Request(_ int, frame []byte) (*wire.Request, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(frame, &m); err != nil {
		return nil, &testFrameError{notJSON: true, msg: "not json"}
	}
	var req wire.Request
	if err := json.Unmarshal(frame, &req); err != nil || req.Type != "req" || req.ID == "" || req.Method == "" {
		return nil, &testFrameError{id: req.ID, msg: "invalid request frame: at root: bad envelope"}
	}
	// Like runtime/validate, return params that point into the frame.
	if i := bytes.Index(frame, req.Params); i >= 0 && len(req.Params) > 0 {
		req.Params = frame[i : i+len(req.Params) : i+len(req.Params)]
	}
	return &req, nil
}

func (jsonValidator) Params(_ int, method string, params json.RawMessage) error {
	if len(params) > 0 && !strings.HasPrefix(strings.TrimSpace(string(params)), "{") {
		return errors.New("invalid " + method + " params: at root: must be object")
	}
	return nil
}

// testConnect is the params of the test handshake.
type testConnect struct {
	Role     string   `json:"role"`
	Scopes   []string `json:"scopes"`
	Caps     []string `json:"caps"`
	DeviceID string   `json:"deviceId"`
	Protocol int      `json:"protocol"`
	Refuse   bool     `json:"refuse"`
}

type testHandshaker struct{}

func (testHandshaker) Connect(_ context.Context, c *Conn, req *wire.Request) (any, *Peer, error) {
	var p testConnect
	_ = json.Unmarshal(req.Params, &p)
	if p.Refuse {
		return nil, nil, &Refusal{Reply: wire.InvalidRequest("unauthorized: test"), Code: 1008, Reason: "unauthorized: test"}
	}
	return map[string]any{"type": "hello-ok", "connId": c.ID()}, &Peer{Role: rpc.Role(p.Role), Scopes: p.Scopes, Caps: p.Caps, Protocol: p.Protocol,
		Identity: rpc.Identity{DeviceID: p.DeviceID}}, nil
}

// testTable returns the handlers of the test protocol.
func testTable(release <-chan struct{}) map[string]rpc.HandlerFunc {
	return map[string]rpc.HandlerFunc{
		"health": func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			return map[string]bool{"ok": true}, nil
		},
		"echo": func(_ context.Context, call *rpc.Call, p json.RawMessage) (any, error) {
			return json.RawMessage(p), nil
		},
		"admin.only": func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			return map[string]bool{"ok": true}, nil
		},
		"node.only": func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			return map[string]bool{"ok": true}, nil
		},
		"slow": func(ctx context.Context, call *rpc.Call, p json.RawMessage) (any, error) {
			<-release
			return map[string]string{"ran": string(p)}, nil
		},
		"two.phase": func(ctx context.Context, call *rpc.Call, p json.RawMessage) (any, error) {
			if err := call.Accept(map[string]string{"status": "accepted"}); err != nil {
				return nil, err
			}
			<-release
			return map[string]string{"status": "ok"}, nil
		},
		"boom": func(context.Context, *rpc.Call, json.RawMessage) (any, error) { panic("handler bug") },
	}
}

// harness is a running engine behind an httptest server.
type harness struct {
	t        *testing.T
	srv      *Server
	http     *httptest.Server
	url      string
	dialOpts *websocket.DialOptions
	release  chan struct{}
}

// connPath is how the engine drives its sockets: through the slim socket
// over TCP, or over TLS accepted through transport.Listener, or through
// the WebSocket library's own buffers (TLS over a listener that is not
// wrapped).
type connPath struct {
	name string
	tls  bool
	slim bool
}

// transports are all three paths; tests of writing and closing run over each.
var transports = []connPath{{"slim", false, true}, {"slim-tls", true, true}, {"library", true, false}}

func newHarness(t *testing.T, tune func(*Config)) *harness {
	t.Helper()
	return newHarnessOver(t, transports[0], tune)
}

// newHarnessOver starts an engine served over tr.
func newHarnessOver(t *testing.T, tr connPath, tune func(*Config)) *harness {
	t.Helper()
	return newHarnessWith(t, tr, tune, nil)
}

// newHarnessWith is newHarnessOver with the server's listener wrapped by
// listen, when set.
func newHarnessWith(t *testing.T, tr connPath, tune func(*Config), listen func(net.Listener) net.Listener) *harness {
	t.Helper()
	h := &harness{t: t, release: make(chan struct{})}
	m := testManifest
	reg := rpc.NewRegistry(&m)
	cfg := Config{Manifest: &m, Validator: jsonValidator{}, Registry: reg, Handshaker: testHandshaker{},
		Logger: slog.New(slog.DiscardHandler)}
	for name, fn := range testTable(h.release) {
		mustRegister(&cfg, name, fn)
	}
	if tune != nil {
		tune(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.srv = srv
	h.http = httptest.NewUnstartedServer(srv)
	if listen != nil {
		h.http.Listener = listen(h.http.Listener)
	}
	if tr.tls && tr.slim {
		h.http.Listener = transport.Listener(h.http.Listener)
	}
	if tr.tls {
		h.http.StartTLS()
		h.dialOpts = &websocket.DialOptions{HTTPClient: h.http.Client()}
	} else {
		h.http.Start()
	}
	h.url = "ws" + strings.TrimPrefix(h.http.URL, "http")
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx, "test over", nil)
		h.http.Close()
	})
	return h
}

// client is the shared test client with the engine tests' shorthands.
type client struct {
	*testclient.Client
	t *testing.T
}

// frame is any decoded inbound frame.
type frame = testclient.Frame

func (h *harness) dial() *client {
	h.t.Helper()
	opts := testclient.Options{NoChallenge: true, Dial: h.dialOpts} // the tests read the challenge
	return &client{Client: testclient.Dial(h.t, h.url, opts), t: h.t}
}

// onlyConn returns the server side of the one connection past its
// handshake.
func (h *harness) onlyConn() *Conn {
	h.t.Helper()
	conns := h.srv.openConns()
	if len(conns) != 1 {
		h.t.Fatalf("%d open connections, want 1", len(conns))
	}
	return conns[0]
}

// open dials and completes the handshake as role with scopes.
func (h *harness) open(role string, scopes ...string) *client {
	h.t.Helper()
	c, _ := h.openWith(testConnect{Role: role, Scopes: scopes})
	return c
}

// openWith dials and completes the handshake with p; it returns the
// client and its connection id.
func (h *harness) openWith(p testConnect) (*client, string) {
	h.t.Helper()
	c := h.dial()
	if f := c.read(); f.Event != "connect.challenge" {
		h.t.Fatalf("first frame = %+v, want connect.challenge", f)
	}
	params, _ := json.Marshal(p)
	c.send(`{"type":"req","id":"c1","method":"connect","params":` + string(params) + `}`)
	f := c.read()
	var hello struct {
		ConnID string `json:"connId"`
	}
	if !f.OK || f.ID != "c1" || json.Unmarshal(f.Payload, &hello) != nil {
		h.t.Fatalf("connect reply = %+v", f)
	}
	return c, hello.ConnID
}

// send writes s as one text frame.
func (c *client) send(s string) {
	c.t.Helper()
	c.Send(s)
}

// read returns the next frame.
func (c *client) read() frame {
	c.t.Helper()
	return c.Read()
}

// tryRead returns the next frame when one arrives within d (see
// testclient.Client.TryRead).
func (c *client) tryRead(d time.Duration) (frame, error) {
	if f, ok := c.TryRead(d); ok {
		return f, nil
	}
	return frame{}, errors.New("no frame")
}

// call sends a request and returns the first response with its id,
// skipping events.
func (c *client) call(id, method, params string) frame {
	c.t.Helper()
	c.send(`{"type":"req","id":"` + id + `","method":"` + method + `","params":` + params + `}`)
	return c.response(id)
}

// response returns the response with id; frames before it are dropped.
func (c *client) response(id string) frame {
	c.t.Helper()
	f := c.Response(id)
	c.Frames()
	return f
}

// closed waits for the server to close the socket and returns the close.
func (c *client) closed() websocket.CloseError {
	c.t.Helper()
	code, reason := c.Closed()
	if code == 0 {
		c.t.Fatal("socket ended without a close frame")
	}
	return websocket.CloseError{Code: websocket.StatusCode(code), Reason: reason}
}

// overEachTransport runs test over each of the transports.
func overEachTransport(t *testing.T, test func(t *testing.T, tr connPath)) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) { test(t, tr) })
	}
}
