package gatewire

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// gateway is an in-test gateway built from runtime/engine: a test
// handshaker that checks shared tokens, device proofs and device tokens
// roughly as the real gateway does, and a few test methods.
type gateway struct {
	t     testing.TB
	srv   *engine.Server
	http  *httptest.Server
	url   string
	token string // the shared token; empty accepts any connect

	// tickMs is the tickIntervalMs hello-ok announces.
	tickMs int64
	// refuse, when set, may refuse a connect before any other check.
	refuse func(p *connectParams) *engine.Refusal
	// release unblocks the "hang" and "two.phase" handlers.
	release chan struct{}
	// useTLS serves wss:// with httptest's self-signed certificate.
	useTLS bool
	// protocols are the versions the gateway admits, newest last (default
	// 3 only); see negotiate.
	protocols []int

	mu           sync.Mutex
	connects     []connectParams
	deviceTokens map[string]string // device id → issued token
}

func newGateway(t testing.TB, token string, tune func(*gateway, *engine.Config)) *gateway {
	t.Helper()
	g := &gateway{t: t, token: token, tickMs: 3_600_000, release: make(chan struct{}), deviceTokens: map[string]string{}}
	m := testManifest
	reg := rpc.NewRegistry(&m)
	for name, fn := range g.table() {
		if err := reg.Register(name, fn); err != nil {
			t.Fatal(err)
		}
	}
	cfg := engine.Config{
		Manifest: &m, Validator: newFrameValidator(t), Registry: reg, Handshaker: g,
		Logger: slog.New(slog.DiscardHandler),
	}
	if tune != nil {
		tune(g, &cfg)
	}
	srv, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	g.srv = srv
	if g.useTLS {
		g.http = httptest.NewUnstartedServer(srv)
		g.http.Config.ErrorLog = log.New(io.Discard, "", 0) // refused certificates are expected
		g.http.StartTLS()
	} else {
		g.http = httptest.NewServer(srv)
	}
	g.url = "ws" + strings.TrimPrefix(g.http.URL, "http")
	t.Cleanup(g.stop)
	return g
}

func (g *gateway) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	g.srv.Shutdown(ctx, "test over", nil)
	g.http.Close()
}

// Connect implements engine.Handshaker.
func (g *gateway) Connect(_ context.Context, c *engine.Conn, req *wire.Request) (any, *engine.Peer, error) {
	var p connectParams
	if err := json.Unmarshal(req.Params, &p); err != nil {
		return nil, nil, err
	}
	g.mu.Lock()
	g.connects = append(g.connects, p)
	g.mu.Unlock()
	v, mismatch := g.negotiate(&p)
	if mismatch != nil {
		return nil, nil, mismatch
	}
	if g.refuse != nil {
		if r := g.refuse(&p); r != nil {
			return nil, nil, r
		}
	}
	if p.Device != nil {
		if r := checkProof(c, &p); r != nil {
			return nil, nil, r
		}
	}
	if r := g.authenticate(&p); r != nil {
		return nil, nil, r
	}
	return g.hello(c, &p, v), &engine.Peer{Role: rpc.Role(p.Role), Scopes: p.Scopes}, nil
}

// checkProof verifies a device proof against this socket's challenge.
func checkProof(c *engine.Conn, p *connectParams) *engine.Refusal {
	pub, err := deviceauth.ParsePublicKey(p.Device.PublicKey)
	if err != nil || deviceauth.DeviceID(pub) != p.Device.ID || p.Device.Nonce != c.Nonce() {
		return refusal("device identity mismatch", nil)
	}
	a := connectAuth{}
	if p.Auth != nil {
		a = connectAuth(*p.Auth)
	}
	payload := deviceauth.Payload{
		DeviceID: p.Device.ID, ClientID: p.Client.ID, ClientMode: p.Client.Mode, Role: p.Role, Scopes: p.Scopes,
		SignedAtMs: p.Device.SignedAt, Token: a.signatureToken(), Nonce: p.Device.Nonce,
		Platform: p.Client.Platform, DeviceFamily: p.Client.DeviceFamily,
	}
	if deviceauth.Verify(pub, payload, p.Device.Signature) != "v3" {
		return refusal("device signature invalid", nil)
	}
	return nil
}

// authenticate accepts the shared token, or a device's issued token.
func (g *gateway) authenticate(p *connectParams) *engine.Refusal {
	a := wireAuth{}
	if p.Auth != nil {
		a = *p.Auth
	}
	if g.token == "" || a.Token == g.token {
		return nil
	}
	g.mu.Lock()
	issued := ""
	if p.Device != nil {
		issued = g.deviceTokens[p.Device.ID]
	}
	g.mu.Unlock()
	switch {
	case issued != "" && (a.DeviceToken == issued || a.Token == issued):
		return nil
	case a.DeviceToken != "" && (a.Token == "" || a.Token == a.DeviceToken):
		return refusal("unauthorized: device token mismatch (rotate/reissue device token)",
			map[string]any{"code": DetailAuthDeviceTokenMismatch, "authReason": "device_token_mismatch"})
	}
	canRetry := p.Device != nil && a.DeviceToken == ""
	return refusal("unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)",
		map[string]any{"code": DetailAuthTokenMismatch, "authReason": "token_mismatch", "canRetryWithDeviceToken": canRetry})
}

func refusal(msg string, details any) *engine.Refusal {
	return &engine.Refusal{Reply: wire.InvalidRequest("%s", msg).WithDetails(details), Code: 1008, Reason: msg}
}

// hello builds hello-ok at protocol v, issuing a device token to devices.
func (g *gateway) hello(c *engine.Conn, p *connectParams, v int) map[string]any {
	auth := map[string]any{"role": p.Role, "scopes": p.Scopes}
	if p.Device != nil {
		auth["deviceToken"] = g.issue(p.Device.ID)
		auth["issuedAtMs"] = time.Now().UnixMilli()
	}
	return map[string]any{
		"type": "hello-ok", "protocol": v,
		"server":   map[string]any{"version": "test", "connId": c.ID()},
		"features": map[string]any{"methods": []string{"health", "echo"}, "events": []string{"tick"}},
		"snapshot": map[string]any{"presence": []any{}, "health": map[string]any{},
			"stateVersion": map[string]any{"presence": 1, "health": 1}, "uptimeMs": 1234},
		"auth":   auth,
		"policy": map[string]any{"maxPayload": 1 << 20, "maxBufferedBytes": 1 << 20, "tickIntervalMs": g.tickMs},
	}
}

// issue returns the device's token, minting one on first connect.
func (g *gateway) issue(deviceID string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if tok, ok := g.deviceTokens[deviceID]; ok {
		return tok
	}
	var b [32]byte
	_, _ = rand.Read(b[:])
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	g.deviceTokens[deviceID] = tok
	return tok
}

// lastConnect returns the params of the latest connect.
func (g *gateway) lastConnect() connectParams {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.connects) == 0 {
		g.t.Fatal("no connect received")
	}
	return g.connects[len(g.connects)-1]
}

func (g *gateway) connectCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.connects)
}

// dialTest dials g with opts and fails the test on error; the connection
// is closed when the test ends.
func dialTest(t *testing.T, url string, opts Options) *Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, url, opts)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// waitDone waits for a connection to end, failing after a generous bound.
func waitDone(t *testing.T, c *Conn) *ClosedError {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("connection did not end")
	}
	var ce *ClosedError
	if !errors.As(c.Err(), &ce) {
		t.Fatalf("Err() = %v, want a *ClosedError", c.Err())
	}
	return ce
}
