package gateway_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// get sends GET path with the given Authorization and X-Forwarded-For.
func get(t *testing.T, g *gatewaytest.Gateway, path, authorization, forwardedFor string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, g.HTTPURL+path, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(body)
}

// TestHTTPAPIAuthTakesThePasswordAndLocksOutAfterFailures: in password
// mode the bearer is the password; failures from one client (here a
// remote address behind a trusted proxy) count toward the same limit as
// connect's and end in 429 with Retry-After, even for the right secret.
func TestHTTPAPIAuthTakesThePasswordAndLocksOutAfterFailures(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{
  gateway: { auth: { mode: "password", password: "pw-secret", rateLimit: { maxAttempts: 2, windowMs: 60000, lockoutMs: 60000 } },
             trustedProxies: ["127.0.0.1"], http: { endpoints: { chatCompletions: { enabled: true } } } },
}`})
	if res, body := get(t, g, "/v1/models", "Bearer pw-secret", ""); res.StatusCode != 200 || !strings.Contains(body, `"openclaw/default"`) {
		t.Fatalf("password bearer: %d %s", res.StatusCode, body)
	}
	for i := 0; i < 2; i++ {
		if res, body := get(t, g, "/v1/models", "Bearer wrong", "203.0.113.7"); res.StatusCode != 401 || !strings.Contains(body, `"type":"unauthorized"`) {
			t.Fatalf("failure %d: %d %s", i, res.StatusCode, body)
		}
	}
	res, body := get(t, g, "/v1/models", "Bearer pw-secret", "203.0.113.7")
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || !strings.Contains(body, `"type":"rate_limited"`) {
		t.Fatalf("after the limit: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	// Another client is not affected; the direct loopback caller never is.
	if res, _ := get(t, g, "/v1/models", "Bearer pw-secret", "203.0.113.8"); res.StatusCode != 200 {
		t.Fatalf("another client: %d", res.StatusCode)
	}
	if res, _ := get(t, g, "/v1/models", "Bearer pw-secret", ""); res.StatusCode != 200 {
		t.Fatalf("loopback: %d", res.StatusCode)
	}
}

// TestAuthenticatedAPISocketsLeaveThePreauthCap: sockets whose request
// carried the gateway token stop counting toward the per-address cap on
// unauthenticated sockets, so a client can hold more API requests open
// than the cap; sockets without credentials still count.
func TestAuthenticatedAPISocketsLeaveThePreauthCap(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { http: { endpoints: { responses: { enabled: true } } } } }`})
	addr := strings.TrimPrefix(g.HTTPURL, "http://")
	open := func(authorization string) (net.Conn, int) {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		req := "GET /v1/models HTTP/1.1\r\nHost: " + addr + "\r\n"
		if authorization != "" {
			req += "Authorization: " + authorization + "\r\n"
		}
		if _, err := io.WriteString(c, req+"\r\n"); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return c, res.StatusCode // the socket stays open (keep-alive)
	}
	for i := 0; i < 40; i++ {
		if _, status := open("Bearer " + g.Token); status != 200 {
			t.Fatalf("authenticated socket %d: %d", i, status)
		}
	}
	for i := 0; i < 32; i++ {
		if _, status := open(""); status != 401 {
			t.Fatalf("unauthenticated socket %d: %d", i, status)
		}
	}
	if _, status := open(""); status != http.StatusServiceUnavailable {
		t.Fatalf("the 33rd unauthenticated socket: %d, want 503", status)
	}
}
