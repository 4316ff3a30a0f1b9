package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/tools/bench/internal/client"
	"github.com/gatewire/gatewire/tools/bench/internal/echoserver"
)

func wsURL(s *httptest.Server) string { return "ws" + strings.TrimPrefix(s.URL, "http") }

func dialer(t *testing.T, url string, sources int) *client.Dialer {
	t.Helper()
	d, err := client.NewDialer(client.Config{URL: url, Token: "secret", Scopes: []string{"operator.read"}, Sources: sources})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCallsAgainstTheEchoServer(t *testing.T) {
	srv := httptest.NewServer(echoserver.Handler{})
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialer(t, wsURL(srv), 4).Dial(ctx)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.CloseNow()
	for i := 1; i <= 3; i++ {
		msg, err := c.Call(ctx, "health", `{}`)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		want := `{"type":"res","id":"` + string(rune('0'+i)) + `","ok":true,"payload":{}}`
		if string(msg) != want {
			t.Fatalf("call %d reply = %s, want %s", i, msg, want)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestSourcesSpreadOverLoopbackAddresses(t *testing.T) {
	seen := make(chan string, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- strings.Split(r.RemoteAddr, ":")[0]
		echoserver.Handler{}.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := dialer(t, wsURL(srv), 3)
	addrs := map[string]bool{}
	for range 3 {
		c, err := d.Dial(ctx)
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		c.CloseNow()
		addrs[<-seen] = true
	}
	for _, want := range []string{"127.0.0.1", "127.0.0.2", "127.0.0.3"} {
		if !addrs[want] {
			t.Fatalf("source addresses %v lack %s", addrs, want)
		}
	}
}

// refusingServer sends a challenge and refuses the connect request.
func refusingServer(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		ctx := r.Context()
		_ = ws.Write(ctx, websocket.MessageText, []byte(`{"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}}`))
		if _, _, err := ws.Read(ctx); err != nil {
			return
		}
		_ = ws.Write(ctx, websocket.MessageText, []byte(`{"type":"res","id":"connect","ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch"}}`))
		_, _, _ = ws.Read(ctx)
	}))
}

func TestRefusedHandshakeIsAnError(t *testing.T) {
	srv := refusingServer(t)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := dialer(t, wsURL(srv), 1).Dial(ctx)
	if !errors.Is(err, client.ErrRefused) || !strings.Contains(err.Error(), "token mismatch") {
		t.Fatalf("Dial error = %v, want a refusal naming the reason", err)
	}
}

func TestWatchCountsTicksAndPresence(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		ctx := r.Context()
		for _, f := range []string{
			`{"type":"event","event":"tick","payload":{"ts":1},"seq":1}`,
			`{"type":"event","event":"presence","payload":{"presence":["` + strings.Repeat("x", 100000) + `"]},"seq":2}`,
			`{"type":"event","event":"tick","payload":{"ts":2},"seq":3}`,
			`{"type":"event","event":"health","payload":{},"seq":4}`,
		} {
			_ = ws.Write(ctx, websocket.MessageText, []byte(f))
		}
		_ = ws.Close(websocket.StatusNormalClosure, "")
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialer(t, wsURL(srv), 1).Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var tally client.Tally
	c.Watch(&tally) // returns once the server closes
	if tally.Ticks.Load() != 2 || tally.Presence.Load() != 1 || tally.PresenceAt.Load() == 0 || !tally.Closed.Load() {
		t.Fatalf("tally: ticks %d presence %d at %d closed %v", tally.Ticks.Load(), tally.Presence.Load(), tally.PresenceAt.Load(), tally.Closed.Load())
	}
	if want := int64(len(`{"type":"event","event":"presence","payload":{"presence":[""]},"seq":2}`) + 100000); tally.PresenceBytes.Load() != want {
		t.Fatalf("presence frame size %d, want %d", tally.PresenceBytes.Load(), want)
	}
}

func TestNewDialerRejectsNonWebSocketURLs(t *testing.T) {
	if _, err := client.NewDialer(client.Config{URL: "http://127.0.0.1:1"}); err == nil {
		t.Fatal("http:// URL accepted")
	}
}
