package gatewire

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

func TestDialSendsConnectAndReturnsHello(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	c := dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Scopes: []string{ScopeAdmin}})

	p := g.lastConnect()
	if p.MinProtocol != 3 || p.MaxProtocol != 4 {
		t.Errorf("protocol range = %d..%d, want 3..4", p.MinProtocol, p.MaxProtocol)
	}
	if p.Client.ID != ClientIDGatewayClient || p.Client.Mode != ClientModeBackend || p.Client.Version == "" || p.Client.Platform == "" {
		t.Errorf("client = %+v", p.Client)
	}
	if p.Role != RoleOperator || !slices.Equal(p.Scopes, []string{ScopeAdmin}) {
		t.Errorf("role %q scopes %v", p.Role, p.Scopes)
	}
	if p.Auth == nil || *p.Auth != (wireAuth{Token: "secret"}) {
		t.Errorf("auth = %+v, want only the shared token", p.Auth)
	}
	if p.Device != nil {
		t.Errorf("device proof sent without an identity: %+v", p.Device)
	}
	h := c.Hello()
	if h.Protocol != 3 || h.Server.ConnID == "" || h.Server.Version != "test" || h.Auth.Role != RoleOperator {
		t.Errorf("hello = %+v", h)
	}
	if h.Snapshot.UptimeMs != 1234 {
		t.Errorf("uptime = %d", h.Snapshot.UptimeMs)
	}
	var out map[string]bool
	if err := c.Call(context.Background(), "health", nil, &out, rpc.CallOptions{}); err != nil || !out["ok"] {
		t.Fatalf("health after dial = %v, %v", out, err)
	}
}

func TestDialRefusedReturnsTheGatewaysError(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	_, err := Dial(context.Background(), g.url, Options{Auth: Auth{Token: "wrong"}})
	var ce *ConnectError
	if !errors.As(err, &ce) {
		t.Fatalf("Dial error = %v, want a *ConnectError", err)
	}
	var we *wire.Error
	if !errors.As(err, &we) || we.Code != wire.CodeInvalidRequest || !strings.HasPrefix(we.Message, "unauthorized: gateway token mismatch") {
		t.Fatalf("reply = %+v", we)
	}
	if d := Details(err); d.Code != DetailAuthTokenMismatch || d.AuthReason != "token_mismatch" {
		t.Errorf("details = %+v", d)
	}
	if g.connectCount() != 1 {
		t.Errorf("connects = %d, want 1 (nothing stored to retry with)", g.connectCount())
	}
}

func TestDialRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"ftp://127.0.0.1:1", "ws://", "::not a url"} {
		if _, err := Dial(context.Background(), u, Options{}); err == nil {
			t.Errorf("Dial(%q) succeeded", u)
		}
	}
}

func TestDialReportsHTTPRefusals(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "Too many unauthenticated sockets", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	_, err := Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http"), Options{})
	if err == nil || !strings.Contains(err.Error(), "HTTP 503") || !strings.Contains(err.Error(), "Too many unauthenticated sockets") {
		t.Fatalf("Dial error = %v", err)
	}
	var ue *UpgradeError
	if !errors.As(err, &ue) || ue.StatusCode != http.StatusServiceUnavailable || ue.Body != "Too many unauthenticated sockets" {
		t.Fatalf("Dial error = %#v, want an *UpgradeError with the gateway's answer", err)
	}
}

func TestDialUnreachableGateway(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	srv.Close()
	_, err := Dial(context.Background(), url, Options{})
	var ue *UpgradeError
	if !errors.As(err, &ue) || ue.StatusCode != 0 || !strings.Contains(err.Error(), "connecting to "+url) {
		t.Fatalf("Dial error = %v, want an *UpgradeError without an HTTP answer", err)
	}
}

func TestChallengeTimeoutClosesWithPolicyViolation(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) { s.drain() })
	_, err := Dial(context.Background(), g.url, Options{ChallengeTimeout: 50 * time.Millisecond})
	if !errors.Is(err, ErrChallengeTimeout) {
		t.Fatalf("Dial error = %v, want ErrChallengeTimeout", err)
	}
	if ce, ok := g.nextClose(); !ok || ce.Code != 1008 || ce.Reason != "connect challenge timeout" {
		t.Fatalf("gateway saw close %+v (%v), want 1008 connect challenge timeout", ce, ok)
	}
}

func TestChallengeWithoutNonceClosesWithPolicyViolation(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		s.send(`{"type":"event","event":"connect.challenge","payload":{"ts":1}}`)
		s.drain()
	})
	_, err := Dial(context.Background(), g.url, Options{})
	if !errors.Is(err, ErrChallengeNonce) {
		t.Fatalf("Dial error = %v, want ErrChallengeNonce", err)
	}
	if ce, ok := g.nextClose(); !ok || ce.Code != 1008 || ce.Reason != "connect challenge missing nonce" {
		t.Fatalf("gateway saw close %+v (%v)", ce, ok)
	}
}

func TestDialStopsWhenContextEnds(t *testing.T) {
	checkLeaks(t)
	accepted := make(chan struct{})
	g := newRawGateway(t, func(s *rawSocket) {
		close(accepted)
		s.drain()
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the gateway holds the socket and sends nothing.
		<-accepted
		cancel()
	}()
	_, err := Dial(ctx, g.url, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Dial error = %v, want context.Canceled", err)
	}
}

func TestDialRefusesAnotherProtocolVersion(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		s.send(`{"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}}`)
		f, ok := s.read()
		if !ok {
			return
		}
		hello := strings.Replace(helloJSON(1000), `"protocol":3`, `"protocol":5`, 1)
		s.send(`{"type":"res","id":"` + idOf(f) + `","ok":true,"payload":` + hello + `}`)
		s.drain()
	})
	_, err := Dial(context.Background(), g.url, Options{})
	if err == nil || !strings.Contains(err.Error(), "protocol 5") {
		t.Fatalf("Dial error = %v", err)
	}
	if ce, ok := g.nextClose(); !ok || ce.Code != 1002 {
		t.Fatalf("gateway saw close %+v (%v), want 1002", ce, ok)
	}
}

func TestDialContextBoundsOnlyTheHandshake(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	c, err := Dial(ctx, g.url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cancel()
	if err := c.Call(context.Background(), "health", nil, nil, rpc.CallOptions{}); err != nil {
		t.Fatalf("call after the dial context ended: %v", err)
	}
	if err := c.Err(); err != nil {
		t.Fatalf("connection ended with the dial context: %v", err)
	}
}
