package gateway_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// logSink is a log sink safe for concurrent writers.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logSink) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the logged lines that contain every one of want.
func (b *logSink) lines(want ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var found []string
	for _, line := range strings.Split(b.buf.String(), "\n") {
		if containsAll(line, want) {
			found = append(found, line)
		}
	}
	return found
}

// waitLine waits (bounded, so a missing line fails rather than hangs) for
// a line containing every one of want.
func (b *logSink) waitLine(t *testing.T, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(gatewaytest.Wait)
	for time.Now().Before(deadline) {
		if l := b.lines(want...); len(l) > 0 {
			return l[0]
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t.Fatalf("no log line with %q in:\n%s", want, &b.buf)
	return ""
}

func containsAll(s string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// startLogged starts a gateway whose text log goes to the returned sink,
// at the given level ("" for the default, info).
func startLogged(t *testing.T, level string) (*gatewaytest.Gateway, *logSink) {
	sink := new(logSink)
	var o config.Overrides
	if level != "" {
		o.LogLevel = &level
	}
	return gatewaytest.Start(t, gatewaytest.Options{Stdout: sink, Overrides: o}), sink
}

func TestConnectionsAndFailedRequestsAreLoggedAtInfo(t *testing.T) {
	g, sink := startLogged(t, "")
	c := gatewaytest.Dial(t, g.URL)
	hello := c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", read))
	conn := "conn=" + hello.Server.ConnID
	sink.waitLine(t, `msg="connection open"`, conn, "client=gateway-client", "mode=backend", "role=operator", "ip=127.0.0.1")

	if f := c.Call("nosuch.method", map[string]string{"token": "hunter2-in-params"}); f.OK {
		t.Fatalf("nosuch.method answered ok: %s", f.Raw)
	}
	if f := c.Call("health", nil); !f.OK {
		t.Fatalf("health failed: %s", f.Raw)
	}
	sink.waitLine(t, `msg="request failed"`, conn, "method=nosuch.method", "code=INVALID_REQUEST", `message="missing scope: operator.admin"`)
	c.Close()
	sink.waitLine(t, `msg="connection closed"`, conn, "client=gateway-client", "role=operator", "duration=", "code=1000")

	if l := sink.lines("hunter2"); len(l) > 0 {
		t.Errorf("params reached the log: %q", l)
	}
	if l := sink.lines("level=DEBUG"); len(l) > 0 {
		t.Errorf("debug lines at info: %q", l)
	}
	if l := sink.lines("method=health"); len(l) > 0 {
		t.Errorf("a successful request was logged at info: %q", l)
	}
}

func TestVerboseLogsEveryRequestWithItsDuration(t *testing.T) {
	g, sink := startLogged(t, "debug")
	c := operator(t, g, read)
	c.Call("health", nil)
	c.Call("system-presence", nil)
	sink.waitLine(t, "level=DEBUG", "msg=request", "method=health", "duration=", "ok=true")
	sink.waitLine(t, "level=DEBUG", "msg=request", "method=system-presence", "duration=", "ok=true")
}

func TestTheServersCloseCodeIsLogged(t *testing.T) {
	g, sink := startLogged(t, "")
	hello := gatewaytest.Dial(t, g.URL).MustConnect(gatewaytest.ConnectParams(g.Token, "operator", read))
	g.Stop()
	sink.waitLine(t, `msg="connection closed"`, "conn="+hello.Server.ConnID, "code=1012")
}
