package gateway_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/version"
)

func request(t *testing.T, method, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestHTTPRoutesOnTheGatewayPort(t *testing.T) {
	// Without the Control UI, which answers every other GET with its page.
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { controlUi: { enabled: false } } }`})
	for _, path := range []string{"/health", "/healthz"} {
		resp, body := request(t, "GET", g.HTTPURL+path, nil)
		if resp.StatusCode != 200 || body != `{"ok":true,"status":"live"}` || resp.Header.Get("Server") != version.ServerHeader() {
			t.Errorf("GET %s = %d %q %v", path, resp.StatusCode, body, resp.Header)
		}
		head, body := request(t, "HEAD", g.HTTPURL+path, nil)
		if head.StatusCode != 200 || body != "" {
			t.Errorf("HEAD %s = %d %q", path, head.StatusCode, body)
		}
	}
	resp, body := request(t, "POST", g.HTTPURL+"/ready", nil)
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /ready = %d %q", resp.StatusCode, body)
	}
	resp, body = request(t, "GET", g.HTTPURL+"/nope", nil)
	if resp.StatusCode != 404 || strings.TrimSpace(body) != "Not Found" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("GET /nope = %d %q", resp.StatusCode, body)
	}
}

func TestReadyShowsDetailsOnlyToDirectLoopback(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	for _, path := range []string{"/ready", "/readyz"} {
		resp, body := request(t, "GET", g.HTTPURL+path, nil)
		var local map[string]any
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &local) != nil || local["ready"] != true || local["version"] != version.Version {
			t.Errorf("GET %s = %d %s", path, resp.StatusCode, body)
		}
	}
	resp, body := request(t, "GET", g.HTTPURL+"/ready", http.Header{"X-Forwarded-For": {"203.0.113.9"}})
	if resp.StatusCode != 200 || body != `{"ready":true}` {
		t.Errorf("proxied GET /ready = %d %s", resp.StatusCode, body)
	}
}

func TestShutdownSendsEventThenServiceRestart(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, read)
	pending := gatewaytest.Dial(t, g.URL)
	g.Stop()
	ev := c.NextEvent("shutdown")
	if string(ev.Payload) != `{"reason":"gateway stopping","restartExpectedMs":null}` || ev.Seq == nil {
		t.Fatalf("shutdown event = %s", ev.Raw)
	}
	if code, reason := c.Closed(); code != 1012 || reason != "service restart" {
		t.Fatalf("close = %d %q", code, reason)
	}
	if code, _ := pending.Closed(); code != 1012 {
		t.Fatalf("handshaking socket closed with %d", code)
	}
	for _, f := range pending.Frames() {
		if f.Event == "shutdown" {
			t.Fatal("a socket still in its handshake got the shutdown event")
		}
	}
}

func TestBrowserOriginIsCheckedAtTheUpgrade(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { controlUi: { allowedOrigins: ["https://ui.example"] } } }`})
	_, err := gatewaytest.DialHeader(t, g.URL, http.Header{"Origin": {"https://evil.example"}})
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("disallowed origin: %v", err)
	}
	if _, err := gatewaytest.DialHeader(t, g.URL, http.Header{"Origin": {"https://ui.example"}}); err != nil {
		t.Fatalf("allowed origin refused: %v", err)
	}
}
