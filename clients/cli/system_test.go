package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func TestHealthWithTheGatewaysGeneratedToken(t *testing.T) {
	checkLeaks(t)
	_, c := startGateway(t)
	r := c.ok("health")
	contains(t, "health output", r.stdout, "health:", "ok", "sessions:")

	var h map[string]any
	r = c.ok("health", "--json", "--probe")
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || h["ok"] != true {
		t.Fatalf("health --json = %s (%v)", r.stdout, err)
	}
}

func TestStatusAndPresence(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	contains(t, "status", c.ok("status").stdout, "version:", "sessions:")
	contains(t, "presence", c.ok("presence").stdout, "HOST", "MODE", "gateway")

	var entries []map[string]any
	if err := json.Unmarshal([]byte(c.ok("presence", "--json").stdout), &entries); err != nil || len(entries) == 0 {
		t.Fatalf("presence --json: %v %v", entries, err)
	}
}

func TestCallPrintsTheReplyAsJSON(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envOpenClawToken, g.Token)
	// An unknown method asks for every operator scope, which the
	// gateway's token on its host is granted without pairing.
	c.fails([]string{"call", "no.such.method"}, "no.such.method failed: unknown method: no.such.method", "[INVALID_REQUEST]")
	var tail struct {
		Lines []string `json:"lines"`
	}
	r := c.ok("call", "logs.tail", "--params", `{"limit":2}`)
	if err := json.Unmarshal([]byte(r.stdout), &tail); err != nil || len(tail.Lines) == 0 || len(tail.Lines) > 2 {
		t.Fatalf("call logs.tail = %s (%v)", r.stdout, err)
	}

	c.fails([]string{"call", "health", "--params", "{not json"}, "--params is not valid JSON")
	// A protocol error: non-zero exit with the code and message.
	c.fails([]string{"call", "logs.tail", "--params", `{"limit":0}`}, "logs.tail failed: invalid logs.tail params", "[INVALID_REQUEST]")
}

func TestLogsPrintsAndFollows(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	r := c.ok("logs", "--limit", "5")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) == 0 || len(lines) > 5 || strings.HasPrefix(lines[0], "{") {
		t.Fatalf("logs (for people) = %q", r.stdout)
	}
	for _, l := range strings.Split(strings.TrimSpace(c.ok("logs", "--limit", "3", "--json").stdout), "\n") {
		if !json.Valid([]byte(l)) {
			t.Fatalf("logs --json line is not JSON: %q", l)
		}
	}
	c.fails([]string{"logs", "--limit", "0"}, "--limit must be between 1 and 5000")
	c.fails([]string{"logs", "--max-bytes", "2000000"}, "--max-bytes must be between 1 and 1000000")

	// --follow prints the tail, keeps polling and returns cleanly when
	// interrupted.
	ctx, cancel := context.WithCancel(context.Background())
	out := newSyncBuffer()
	done := make(chan result, 1)
	go func() { done <- c.runContext(ctx, out, "logs", "--follow", "--interval", "20", "--json") }()
	count := func(text string) int { return strings.Count(text, "\n") }
	out.waitFor(t, "the first lines of logs --follow", func(text string) bool { return count(text) > 0 })
	// New activity shows up while following.
	seen := count(out.String())
	c.ok("presence")
	out.waitFor(t, "new lines after new activity", func(text string) bool { return count(text) > seen })
	cancel()
	if r := <-done; r.err != nil {
		t.Fatalf("logs --follow ended with %v", r.err)
	}
}

func TestGatewayStatus(t *testing.T) {
	checkLeaks(t)
	_, c := startGateway(t)
	r := c.ok("gateway", "status")
	// gatewire speaks its manifest's current protocol to the CLI's 3..4 offer.
	current := protocol.Manifest.Protocol
	contains(t, "gateway status", r.stdout, "reachable:", "yes", "handshake:", "ok", "protocol:", strconv.Itoa(current), "connection:", "uptime:", "health:")

	// --protocol offers one version only.
	contains(t, "gateway status --protocol 3", c.ok("gateway", "status", "--protocol", "3").stdout, "protocol:", "3")
	c.fails([]string{"gateway", "status", "--protocol", "5"}, "this client speaks 3..4")

	var report gatewayReport
	if err := json.Unmarshal([]byte(c.ok("gateway", "status", "--json").stdout), &report); err != nil {
		t.Fatal(err)
	}
	if !report.Reachable || !report.Handshake || report.Protocol != int64(current) || report.ConnID == "" || report.ServerVersion == "" {
		t.Fatalf("report = %+v", report)
	}

	// Refused: reachable, handshake refused, the gateway's hint shown.
	r = c.fails([]string{"gateway", "status", "--token", "wrong"}, "refused the connection", "gateway token mismatch", "hint:")
	contains(t, "refused report", r.stdout, "reachable:", "yes", "handshake:", "failed")

	// Reachable, but silent: the handshake runs out of time.
	r = c.fails([]string{"gateway", "status", "--url", silentGateway(t), "--timeout", "300"}, "did not complete the handshake within 300ms")
	contains(t, "silent report", r.stdout, "reachable:", "yes", "handshake:", "failed")

	// Unreachable.
	port := closedPort(t)
	r = c.fails([]string{"gateway", "status", "--url", "ws://127.0.0.1:" + port}, "not reachable", "gatewire gateway")
	contains(t, "unreachable report", r.stdout, "reachable:", "no")
}

func TestUnreachableGatewayIsAClearError(t *testing.T) {
	checkLeaks(t)
	c := newCLI(t, t.TempDir(), envPort, closedPort(t))
	c.fails([]string{"health", "--token", "x"}, "gateway not reachable at ws://127.0.0.1:", "is the gateway running?")

	// A password in the URL is not repeated in the error.
	port := closedPort(t)
	r := c.fails([]string{"health", "--token", "x", "--url", "ws://user:hunter2@127.0.0.1:" + port}, "gateway not reachable at ws://user:xxxxx@127.0.0.1:"+port)
	if strings.Contains(r.err.Error(), "hunter2") {
		t.Fatalf("error shows the URL's password: %v", r.err)
	}
}

// silentGateway returns the URL of a WebSocket server that accepts
// upgrades and then sends nothing.
func silentGateway(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		_, _, _ = ws.Read(r.Context()) // until the client goes away
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return strconv.Itoa(port)
}

func TestCommandsShareTheGatewaysStateDir(t *testing.T) {
	checkLeaks(t)
	// The default set-up: gateway and CLI on one host, one state dir.
	// On the gateway's host the CLI uses the gateway's token, so commands
	// needing different scopes all work and leave no pairing requests.
	_, c := startGateway(t)
	contains(t, "status", c.ok("status").stdout, "version:")
	contains(t, "presence", c.ok("presence").stdout, "HOST")
	c.ok("call", "config.get")
	c.ok("nodes", "pending")
	if list := deviceList(t, c); len(list.Pending) != 0 || len(list.Paired) != 0 {
		t.Fatalf("the host's CLI paired or asked to pair: %+v", list)
	}
	// With --device-identity it signs with the gateway's own identity file
	// and pairs it as a device.
	c.ok("status", "--device-identity")
	if list := deviceList(t, c); len(list.Paired) != 1 {
		t.Fatalf("paired = %+v, want the state dir's device", list.Paired)
	}
}
