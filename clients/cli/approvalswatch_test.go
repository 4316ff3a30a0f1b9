package cli

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
)

// watch is a running `approvals watch` whose input the test types.
type watch struct {
	t        *testing.T
	out, log *syncBuffer
	in       *io.PipeWriter
	stop     context.CancelFunc
	done     chan error
}

// startWatch runs `approvals watch` (with extra args) and waits until it
// is connected and has listed what is pending.
func startWatch(t *testing.T, c *cli, extra ...string) *watch {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	in, typed := io.Pipe()
	w := &watch{t: t, out: newSyncBuffer(), log: newSyncBuffer(), in: typed, stop: stop, done: make(chan error, 1)}
	root := c.root()
	root.SetArgs(append([]string{"approvals", "watch"}, extra...))
	root.SetIn(in)
	root.SetOut(w.out)
	root.SetErr(w.log)
	go func() { w.done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		stop()
		typed.Close()
		<-w.done
	})
	w.log.waitFor(t, "the watch to start", func(s string) bool { return strings.Contains(s, "watching for exec approvals") })
	return w
}

// sees waits until the watch has printed every want.
func (w *watch) sees(want ...string) {
	w.t.Helper()
	w.out.waitFor(w.t, strings.Join(want, " and "), func(s string) bool {
		for _, x := range want {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// typeLine types one answer.
func (w *watch) typeLine(line string) {
	w.t.Helper()
	if _, err := io.WriteString(w.in, line+"\n"); err != nil {
		w.t.Fatalf("typing %q: %v", line, err)
	}
}

// end closes the input and returns the watch's result.
func (w *watch) end() error {
	w.in.Close()
	select {
	case err := <-w.done:
		w.done <- err // for the cleanup
		return err
	case <-time.After(10 * time.Second):
		w.t.Fatal("the watch did not end at the end of its input")
	}
	return nil
}

func TestApprovalsWatchAnswersInTurn(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	w := startWatch(t, c)
	requester := operator(t, g, "operator.approvals")

	first := requestApproval(t, requester, map[string]any{"id": "first-approval", "cwd": "/srv", "agentId": "main",
		"env": map[string]string{"SECRET_TOKEN": "hunter2"}})
	w.sees("exec approval requested: first-approval", "command:   ls -la", "where:     -", "cwd:       /srv",
		"agent:     main", "env:       SECRET_TOKEN", "expires:   in 29m", "decisions: allow-once,allow-always,deny",
		"allow first-ap (ls -la)? [o]nce [a]lways [d]eny > ")
	if strings.Contains(w.out.String(), "hunter2") {
		t.Fatal("an env value was shown")
	}
	// A second request waits its turn.
	second := requestApproval(t, requester, map[string]any{"id": "second-approval", "command": "rm -rf build", "ask": "always"})
	w.sees("exec approval requested: second-approval (waits its turn: 1 ahead)", "decisions: allow-once,deny",
		"allow first-ap (ls -la)? (1 more waiting) [o]nce [a]lways [d]eny [s]kip > ")

	w.typeLine("a")
	w.sees("allowed always: first-approval", "allow second-a (rm -rf build)? [o]nce [d]eny > ")
	if d := first.decision(); d != "allow-always" {
		t.Fatalf("first decision = %q", d)
	}
	// allow-always where the policy asks every time: the gateway's refusal,
	// and the approval keeps waiting.
	w.typeLine("always")
	w.sees("allow-always refused for second-approval: allow-always is unavailable because the effective policy requires approval every time")
	w.typeLine("maybe")
	w.sees(`unknown answer "maybe"; answers: o (allow once)`)
	w.typeLine("d")
	w.sees("denied: second-approval")
	if d := second.decision(); d != "deny" {
		t.Fatalf("second decision = %q", d)
	}

	// Resolved elsewhere: dropped with a line saying so.
	third := requestApproval(t, requester, map[string]any{"id": "third-approval", "command": "make deploy"})
	w.sees("exec approval requested: third-approval", "allow third-ap (make deploy)?")
	c.ok("approvals", "approve", "third-approval")
	w.sees("approval third-approval was resolved elsewhere: allow-once by gateway-client")
	if d := third.decision(); d != "allow-once" {
		t.Fatalf("third decision = %q", d)
	}
	w.typeLine("o")
	w.sees("nothing is waiting for an answer")
	if err := w.end(); err != nil {
		t.Fatalf("watch ended with %v", err)
	}
	contains(t, "watch log", w.log.String(), "end of input: stopped watching")
}

func TestApprovalsWatchSeesExpiry(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	human := startWatch(t, c)
	machine := startWatch(t, c, "--json")
	requester := operator(t, g, "operator.approvals")

	expiring := requestApproval(t, requester, map[string]any{"id": "short-lived", "timeoutMs": 1500})
	human.sees("exec approval requested: short-lived", "expires:   in ")
	human.sees("approval short-lived expired without an answer")
	if d := expiring.decision(); d != "" {
		t.Fatalf("expired decision = %q, want null", d)
	}
	machine.sees(`"type":"expired","id":"short-lived"`)
	lines := strings.Split(strings.TrimSpace(machine.out.String()), "\n")
	var requested watchLine
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &requested) != nil || requested.Type != "requested" ||
		!strings.Contains(string(requested.Approval), `"expiresAtMs"`) {
		t.Fatalf("watch --json printed:\n%s", machine.out.String())
	}
	// Ctrl-C (the command's context ending) stops a watch cleanly.
	human.stop()
	if err := <-human.done; err != nil {
		t.Fatalf("interrupted watch = %v", err)
	}
	human.done <- nil
}

func TestApprovalsWatchKeepsGoingAcrossReconnects(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	// Pending before the watch starts (another approver was connected):
	// shown at once.
	operator(t, g, "operator.approvals")
	requestApproval(t, operator(t, g, "operator.approvals"), map[string]any{"id": "before-drop"})
	w := startWatch(t, c)
	w.sees("exec approval requested: before-drop")
	contains(t, "watch log", w.log.String(), "(1 pending)")

	// Every connection is dropped; the approval stays pending (v3 keeps
	// an approval whose requester left), and the watch comes back to it.
	g.Engine().Each(func(conn *engine.Conn) bool {
		conn.Close(wire.CloseServiceRestart, wire.ReasonServiceRestart)
		return true
	})
	w.log.waitFor(t, "the reconnect", func(s string) bool { return strings.Contains(s, "reconnected to ") })
	contains(t, "watch log", w.log.String(), "reconnecting", "reconnected to "+g.URL+" (1 pending)")

	after := requestApproval(t, operator(t, g, "operator.approvals"), map[string]any{"id": "after-drop", "command": "uptime"})
	w.sees("exec approval requested: after-drop (waits its turn: 1 ahead)")
	w.typeLine("o")
	w.sees("allowed once: before-drop", "allow after-dr (uptime)?")
	w.typeLine("o")
	w.sees("allowed once: after-drop")
	if d := after.decision(); d != "allow-once" {
		t.Fatalf("decision after the reconnect = %q", d)
	}
	if out := c.ok("approvals", "list", "--json").stdout; strings.TrimSpace(out) != "[]" {
		t.Fatalf("pending after both answers: %s", out)
	}
}
