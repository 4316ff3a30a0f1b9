package cli

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// runInput executes one command line reading stdin from in.
func (c *cli) runInput(ctx context.Context, in io.Reader, out *syncBuffer, args ...string) result {
	c.t.Helper()
	errb := newSyncBuffer()
	root := c.root()
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errb)
	err := root.ExecuteContext(ctx)
	return result{stdout: out.String(), stderr: errb.String(), err: err}
}

// admin connects an operator.admin client (chat.inject).
func admin(t *testing.T, g *gatewaytest.Gateway) *gatewaytest.Client {
	t.Helper()
	return g.Operator(t, "operator.admin")
}

// chat shows the session's history on start, then prints what the
// session's chat events carry while it runs (here a message another
// operator injects), and ends at the end of its input.
func TestChatShowsHistoryThenTheSessionsMessages(t *testing.T) {
	g, c := startGateway(t)
	a := admin(t, g)
	for _, key := range []string{"agent:main:cli", "agent:main:other"} {
		a.Result("sessions.reset", map[string]any{"key": key}, nil) // creates the session
	}
	a.Result("chat.inject", map[string]any{"sessionKey": "agent:main:cli", "message": "earlier note"}, nil)

	in, input := io.Pipe()
	out := newSyncBuffer()
	done := make(chan result, 1)
	go func() { done <- c.runInput(context.Background(), in, out, "chat", "--session", "agent:main:cli") }()
	out.waitFor(t, "the history", func(s string) bool { return strings.Contains(s, "assistant: earlier note\n---\n") })

	a.Result("chat.inject", map[string]any{"sessionKey": "agent:main:other", "message": "elsewhere"}, nil)
	a.Result("chat.inject", map[string]any{"sessionKey": "agent:main:cli", "message": "live note", "label": "ops"}, nil)
	out.waitFor(t, "the live message", func(s string) bool { return strings.Contains(s, "[ops]\n\nlive note\n") })
	if _, err := io.WriteString(input, "/quit\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil || strings.Contains(r.stdout, "elsewhere") {
			t.Fatalf("chat = %v\nstdout: %s\nstderr: %s", r.err, r.stdout, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("chat did not end on /quit")
	}
}
