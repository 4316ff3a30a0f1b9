package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/gatewaycmd"
)

// syncBuffer is a bytes.Buffer safe for a command writing while a test
// reads, which can wait for what the command writes.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // signalled after each write
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{written: make(chan struct{}, 1)} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.written <- struct{}{}:
	default:
	}
	return n, err
}

// waitFor waits until the text written so far satisfies done, failing the
// test after a generous bound.
func (b *syncBuffer) waitFor(t *testing.T, what string, done func(text string) bool) {
	t.Helper()
	limit := time.After(10 * time.Second)
	for !done(b.String()) {
		select {
		case <-b.written:
		case <-limit:
			t.Fatalf("waited in vain for %s; output so far:\n%s", what, b.String())
		}
	}
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// result is what one CLI run produced.
type result struct {
	stdout, stderr string
	err            error
}

// cli runs client commands in-process with a fixed environment.
type cli struct {
	t   *testing.T
	env map[string]string
	// interrupts, when set, stands in for Ctrl-C (each value one press)
	// for the commands that handle it (chat).
	interrupts <-chan struct{}
	// openURL, when set, stands in for xdg-open (dashboard --open).
	openURL func(string) error
}

// newCLI returns a runner whose state dir is stateDir and whose other
// variables are vars (name, value pairs).
func newCLI(t *testing.T, stateDir string, vars ...string) *cli {
	c := &cli{t: t, env: map[string]string{envStateDir: stateDir}}
	for i := 0; i+1 < len(vars); i += 2 {
		c.env[vars[i]] = vars[i+1]
	}
	return c
}

// root returns a root command like the binary's: a "gateway" command
// (standing in for the gateway's own) and the client commands.
func (c *cli) root() *cobra.Command {
	root := &cobra.Command{Use: "gatewire", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(&cobra.Command{Use: "gateway", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error { return nil }})
	e := &env{getenv: func(k string) string { return c.env[k] }, now: time.Now, local: localGateway, openURL: c.openURL}
	if c.interrupts != nil {
		e.interrupts = c.interruptSignals
	}
	addCommands(root, e)
	return root
}

// run executes one command line.
func (c *cli) run(args ...string) result {
	c.t.Helper()
	return c.runContext(context.Background(), nil, args...)
}

// runContext executes one command line under ctx, writing stdout to out
// when it is given.
func (c *cli) runContext(ctx context.Context, out *syncBuffer, args ...string) result {
	c.t.Helper()
	if out == nil {
		out = newSyncBuffer()
	}
	errb := newSyncBuffer()
	root := c.root()
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(errb)
	err := root.ExecuteContext(ctx)
	return result{stdout: out.String(), stderr: errb.String(), err: err}
}

// ok runs a command line and fails the test unless it succeeds.
func (c *cli) ok(args ...string) result {
	c.t.Helper()
	r := c.run(args...)
	if r.err != nil {
		c.t.Fatalf("gatewire %s: %v\nstderr: %s", strings.Join(args, " "), r.err, r.stderr)
	}
	return r
}

// fails runs a command line and fails the test unless it fails with an
// error containing every want.
func (c *cli) fails(args []string, want ...string) result {
	c.t.Helper()
	r := c.run(args...)
	if r.err == nil {
		c.t.Fatalf("gatewire %s succeeded, want an error\nstdout: %s", strings.Join(args, " "), r.stdout)
	}
	for _, w := range want {
		if !strings.Contains(r.err.Error(), w) {
			c.t.Fatalf("gatewire %s: error %q does not contain %q", strings.Join(args, " "), r.err, w)
		}
	}
	return r
}

// startGateway starts a real gateway and returns it with a CLI that shares
// its state dir (and so reads its generated token).
func startGateway(t *testing.T) (*gatewaytest.Gateway, *cli) {
	t.Helper()
	g := gatewaytest.Start(t, gatewaytest.Options{})
	return g, newCLI(t, string(g.StateDir), envURL, g.URL)
}

// localGateway is the binary's LocalResolver: the gateway command's own
// reading of a state dir and config file.
func localGateway(stateDir, configPath string) (LocalGateway, error) {
	l, err := gatewaycmd.LocalGateway(stateDir, configPath)
	return LocalGateway(l), err
}

func contains(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Fatalf("%s does not contain %q:\n%s", what, w, text)
		}
	}
}
