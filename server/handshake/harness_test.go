package handshake

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/pairing"
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
	val   *validate.Validator
}

// pairingHandlers composes the pairing handlers over Unimplemented.
type pairingHandlers struct {
	*pairing.DeviceHandlers
	*pairing.NodeHandlers
	fallback
}

type fallback struct{ protocol.Unimplemented }

// helloPayload is what the test handshaker answers (the real gateway
// builds a full hello-ok around the same auth block).
type helloPayload struct {
	Type   string              `json:"type"`
	ConnID string              `json:"connId"`
	Auth   *protocol.HelloAuth `json:"auth"`
}

type testHandshaker struct{ h *Handshake }

func (th testHandshaker) Connect(ctx context.Context, c *engine.Conn, req *wire.Request) (any, *engine.Peer, error) {
	var p protocol.ConnectParams
	if err := rpc.DecodeParams(req.Params, &p); err != nil {
		return nil, nil, err
	}
	s, a, err := th.h.Authenticate(ctx, c, &p)
	if err != nil {
		return nil, nil, err
	}
	return helloPayload{Type: "hello-ok", ConnID: c.ID(), Auth: a}, s.Peer(), nil
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
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set := Settings{Auth: auth.Secrets{Mode: auth.ModeToken, Token: testToken}, Pairing: pairing.DefaultSettings()}
	if tune != nil {
		tune(&set)
	}
	hs, err := New(Config{Settings: set, Store: st, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	val, err := validate.New(schema.FS, &protocol.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	impl := pairingHandlers{DeviceHandlers: hs.Pairing().Devices(), NodeHandlers: hs.Pairing().Nodes()}
	table := protocol.NewTable(impl).Only(append(append([]string{}, pairing.DeviceMethods...), pairing.NodeMethods...)...)
	admit := hs.Admitter().Admit
	if !withAdmission {
		admit = nil
	}
	srv, err := engine.New(engine.Config{
		Manifest: &protocol.Manifest, Validator: val, Table: table, Handshaker: testHandshaker{hs},
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
	hs.Attach(srv)
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

// frame is a received frame.
type frame struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	OK      bool            `json:"ok"`
	Payload json.RawMessage `json:"payload"`
	Error   *wire.Error     `json:"error"`
	Event   string          `json:"event"`
	Seq     *int64          `json:"seq"`
	raw     []byte
}

// client is a raw protocol client over a real WebSocket.
type client struct {
	h      *harness
	ws     *websocket.Conn
	nonce  string
	mu     sync.Mutex
	events []frame
	ids    int
}

// dial opens a socket (with extra upgrade headers) and reads the
// challenge.
func (h *harness) dial(headers http.Header) *client {
	h.t.Helper()
	c, err := h.tryDial(headers)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func (h *harness) tryDial(headers http.Header) (*client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, h.url, &websocket.DialOptions{HTTPHeader: headers})
	if err != nil {
		return nil, err
	}
	h.t.Cleanup(func() { _ = ws.CloseNow() })
	c := &client{h: h, ws: ws}
	ch := c.read()
	var p struct{ Nonce string }
	if ch.Event != "connect.challenge" || json.Unmarshal(ch.Payload, &p) != nil || p.Nonce == "" {
		h.t.Fatalf("first frame %s, want a challenge", ch.raw)
	}
	c.nonce = p.Nonce
	return c, nil
}

// read returns the next frame, checking every response and event
// against the schema.
func (c *client) read() frame {
	c.h.t.Helper()
	f, err := c.tryRead(5 * time.Second)
	if err != nil {
		c.h.t.Fatalf("read: %v", err)
	}
	return f
}

func (c *client) tryRead(d time.Duration) (frame, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_, data, err := c.ws.Read(ctx)
	if err != nil {
		return frame{}, err
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		c.h.t.Fatalf("undecodable frame %q", data)
	}
	f.raw = data
	if f.Type == "res" {
		if err := c.h.val.Response(data); err != nil {
			c.h.t.Errorf("response frame fails the schema: %v\n%s", err, data)
		}
	}
	if f.Type == "event" {
		if err := c.h.val.Event(data); err != nil {
			c.h.t.Errorf("event frame fails the schema: %v\n%s", err, data)
		}
	}
	return f, nil
}

// call sends a request and returns its response, keeping events.
func (c *client) call(method string, params any) frame {
	c.h.t.Helper()
	c.ids++
	id := method + "-" + string(rune('a'+c.ids%26)) + time.Now().Format("150405.000000000")
	raw, _ := json.Marshal(map[string]any{"type": "req", "id": id, "method": method, "params": params})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, raw); err != nil {
		c.h.t.Fatal(err)
	}
	for {
		f := c.read()
		if f.Type == "event" {
			c.mu.Lock()
			c.events = append(c.events, f)
			c.mu.Unlock()
			continue
		}
		if f.ID == id {
			if f.OK && method != "connect" {
				if err := c.h.val.Result(method, f.Payload); err != nil {
					c.h.t.Errorf("%s result fails the schema: %v\n%s", method, err, f.raw)
				}
			}
			return f
		}
	}
}

// event waits for the named event.
func (c *client) event(name string) frame {
	c.h.t.Helper()
	c.mu.Lock()
	for i, f := range c.events {
		if f.Event == name {
			c.events = append(c.events[:i], c.events[i+1:]...)
			c.mu.Unlock()
			return f
		}
	}
	c.mu.Unlock()
	for {
		f := c.read()
		if f.Event == name {
			return f
		}
	}
}

// closed waits for the close frame.
func (c *client) closed() websocket.CloseError {
	c.h.t.Helper()
	for {
		_, err := c.tryRead(5 * time.Second)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) {
			c.h.t.Fatalf("socket ended without a close frame: %v", err)
		}
		return ce
	}
}

// connect sends connect and decodes the hello on success.
func (c *client) connect(p *protocol.ConnectParams) (frame, *helloPayload) {
	c.h.t.Helper()
	f := c.call("connect", p)
	if !f.OK {
		return f, nil
	}
	var hello helloPayload
	if err := json.Unmarshal(f.Payload, &hello); err != nil {
		c.h.t.Fatal(err)
	}
	return f, &hello
}

// mustConnect connects and fails the test on refusal.
func (c *client) mustConnect(p *protocol.ConnectParams) *helloPayload {
	c.h.t.Helper()
	f, hello := c.connect(p)
	if hello == nil {
		c.h.t.Fatalf("connect refused: %s", f.raw)
	}
	return hello
}

// refused connects, expects a refusal and returns the reply and close.
func (c *client) refused(p *protocol.ConnectParams) (*wire.Error, websocket.CloseError) {
	c.h.t.Helper()
	f, hello := c.connect(p)
	if hello != nil {
		c.h.t.Fatalf("connect accepted: %s", f.raw)
	}
	return f.Error, c.closed()
}

// params builds connect params for a client.
func params(clientID, mode, role string, scopes []string) *protocol.ConnectParams {
	return &protocol.ConnectParams{
		MinProtocol: 3, MaxProtocol: 3, Role: &role, Scopes: scopes,
		Client: protocol.ClientInfo{ID: protocol.ClientId(clientID), Version: "1.0.0", Platform: "linux", Mode: protocol.ClientMode(mode)},
	}
}

func withToken(p *protocol.ConnectParams, token string) *protocol.ConnectParams {
	if p.Auth == nil {
		p.Auth = &protocol.ConnectAuth{}
	}
	p.Auth.Token = &token
	return p
}

func withDeviceToken(p *protocol.ConnectParams, token string) *protocol.ConnectParams {
	if p.Auth == nil {
		p.Auth = &protocol.ConnectAuth{}
	}
	p.Auth.DeviceToken = &token
	return p
}

// testDevice is a client device identity.
type testDevice struct {
	priv ed25519.PrivateKey
	id   string
	pub  string
}

func newTestDevice(t *testing.T) *testDevice {
	t.Helper()
	id, err := deviceauth.NewIdentity(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &testDevice{priv: id.PrivateKey, id: id.DeviceID, pub: deviceauth.EncodePublicKey(id.PublicKey)}
}

// sign adds a device proof over p for nonce, signed at signedAt (the
// params must be complete: role, scopes and auth are signed).
func (d *testDevice) sign(p *protocol.ConnectParams, nonce string, signedAt time.Time) *protocol.ConnectParams {
	token := ""
	if a := p.Auth; a != nil {
		for _, t := range []*string{a.Token, a.DeviceToken, a.BootstrapToken} {
			if t != nil && *t != "" {
				token = *t
				break
			}
		}
	}
	payload := deviceauth.Payload{DeviceID: d.id, ClientID: string(p.Client.ID), ClientMode: string(p.Client.Mode),
		Role: *p.Role, Scopes: p.Scopes, SignedAtMs: signedAt.UnixMilli(), Token: token, Nonce: nonce,
		Platform: p.Client.Platform, DeviceFamily: deref(p.Client.DeviceFamily)}
	p.Device = &protocol.DeviceProof{ID: d.id, PublicKey: d.pub, Signature: deviceauth.Sign(d.priv, payload),
		SignedAt: payload.SignedAtMs, Nonce: nonce}
	return p
}

// details decodes an error's details.
func details(e *wire.Error) map[string]any {
	raw, _ := json.Marshal(e.Details)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

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
	_ = c.ws.Close(websocket.StatusNormalClosure, "")
	return hello
}

// viaProxy are upgrade headers of a trusted proxy on loopback forwarding
// a remote client.
func viaProxy(client string) http.Header {
	return http.Header{"X-Forwarded-For": {client}}
}
