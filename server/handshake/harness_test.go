package handshake

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/store"
)

const testToken = "test-gateway-token"

// harness is a minimal gateway for these tests: the real engine, schema
// validation and this package's handshake, admission and pairing handlers
// behind an httptest server on loopback.
type harness struct {
	t     *testing.T
	store *store.Store
	hs    *Handshake
	srv   *engine.Server
	url   string
	val   *validate.Versions
}

// helloPayload is what the test handshaker answers (the real gateway
// builds a full hello-ok around the same auth block).
type helloPayload struct {
	Type     string              `json:"type"`
	Protocol int                 `json:"protocol"`
	ConnID   string              `json:"connId"`
	Auth     *protocol.HelloAuth `json:"auth"`
}

type testHandshaker struct {
	h        *Handshake
	sessions *session.Registry
}

func (th testHandshaker) Connect(ctx context.Context, c *engine.Conn, req *wire.Request) (any, *engine.Peer, error) {
	var p protocol.ConnectParams
	if err := rpc.DecodeParams(req.Params, &p); err != nil {
		return nil, nil, err
	}
	s, a, err := th.h.Authenticate(ctx, c, &p)
	if err != nil {
		return nil, nil, err
	}
	th.sessions.Put(c.ID(), s)
	return helloPayload{Type: "hello-ok", Protocol: s.Protocol, ConnID: c.ID(), Auth: a}, s.Peer(), nil
}

func startHarness(t *testing.T, tune func(*Settings)) *harness {
	t.Helper()
	return startLoggedHarness(t, tune, slog.New(slog.DiscardHandler))
}

// startLoggedHarness is startHarness with the handshake and engine logging
// to log.
func startLoggedHarness(t *testing.T, tune func(*Settings), log *slog.Logger) *harness {
	t.Helper()
	return launchHarness(t, tune, log, true)
}

// launchHarness starts the harness; without admission the engine admits
// every upgrade on its socket address alone, as an engine built without
// the handshake's Admitter would.
func launchHarness(t *testing.T, tune func(*Settings), log *slog.Logger, withAdmission bool) *harness {
	t.Helper()
	st, err := store.Open(context.Background(), store.PathIn(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set := Settings{Auth: auth.Secrets{Mode: auth.ModeToken, Token: testToken}, Pairing: pairing.DefaultSettings()}
	if tune != nil {
		tune(&set)
	}
	hub := engine.NewHub(&protocol.Manifest, log)
	sessions := &session.Registry{}
	hs, err := New(Config{Settings: set, Store: st, Hub: hub, Sessions: sessions, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	val, err := validate.NewVersions(schema.FS, &protocol.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	reg := rpc.NewRegistry(&protocol.Manifest)
	if err := protocol.RegisterDevices(reg, hs.Pairing().Devices()); err != nil {
		t.Fatal(err)
	}
	if err := protocol.RegisterNodePairing(reg, hs.Pairing().Nodes()); err != nil {
		t.Fatal(err)
	}
	admit := hs.Admitter().Admit
	if !withAdmission {
		admit = nil
	}
	srv, err := engine.New(engine.Config{
		Manifest: &protocol.Manifest, Validator: val, Registry: reg, Hub: hub, Handshaker: testHandshaker{hs, sessions},
		Admit: admit, Logger: log,
		BeforeCall: func(_ context.Context, c *engine.Conn, _ rpc.MethodSpec) error {
			if !hs.CheckConn(c) {
				return wire.InvalidRequest("%s", wire.ReasonAuthChanged)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(srv)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx, "test over", nil)
		web.Close()
	})
	return &harness{t: t, store: st, hs: hs, srv: srv, url: "ws" + strings.TrimPrefix(web.URL, "http"), val: val}
}

// storedToken returns a device's current token for role, read from the
// store.
func (h *harness) storedToken(deviceID, role string) string {
	h.t.Helper()
	var token string
	err := h.store.View(context.Background(), func(tx *store.Tx) error {
		d, err := tx.Device(deviceID)
		if d != nil {
			token = d.Tokens[role].Token
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return token
}

// closeStore closes the pairing store under the running handshake, so
// that every pairing decision fails.
func (h *harness) closeStore() error { return h.store.Close() }

// operator opens a token-authenticated backend operator connection with
// the given scopes (the local backend keeps its scopes).
func (h *harness) operator(scopes ...string) *client {
	h.t.Helper()
	c := h.dial(nil)
	c.mustConnect(withToken(params("gateway-client", "backend", "operator", scopes), testToken))
	return c
}

// pairDevice pairs d silently on loopback and returns its hello.
func (h *harness) pairDevice(d *testDevice, role string, scopes ...string) *helloPayload {
	h.t.Helper()
	c := h.dial(nil)
	hello := c.mustConnect(d.sign(withToken(params("cli", "cli", role, scopes), testToken), c.nonce, time.Now()))
	c.Close()
	return hello
}

// viaProxy are upgrade headers of a trusted proxy on loopback forwarding
// a remote client.
func viaProxy(client string) http.Header {
	return http.Header{"X-Forwarded-For": {client}}
}
