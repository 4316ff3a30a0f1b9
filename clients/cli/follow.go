package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
)

// following is what a command that lives across reconnects (logs
// --follow, approvals watch) starts from.
type following struct {
	s    *settings
	opts gatewire.Options
	// ctx ends on Ctrl-C, SIGTERM or quit (a refused reconnect passes
	// its refusal as the cause); release frees it.
	ctx     context.Context
	quit    context.CancelCauseFunc
	release func()
}

// startFollowing resolves the settings and dials once directly, so that a
// bad setting or a refusal is reported at once; the reconnecting Client the
// command then builds keeps its own connection.
func (e *env) startFollowing(cmd *cobra.Command, f *connFlags, acc access) (*following, error) {
	s, err := f.resolve(e)
	if err != nil {
		return nil, err
	}
	opts, err := optionsFor(s, acc, cmd.ErrOrStderr())
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	first, cancel := context.WithTimeout(ctx, s.timeout)
	conn, err := dialWith(first, s, opts)
	cancel()
	if err != nil {
		stop()
		return nil, err
	}
	_ = conn.Close()
	ctx, quit := context.WithCancelCause(ctx)
	return &following{s: s, opts: opts, ctx: ctx, quit: quit, release: func() { quit(nil); stop() }}, nil
}

// clientOptions are the reconnecting Client's options: a lost connection
// is noted on stderr and a refused reconnect ends the command.
func (fl *following) clientOptions(cmd *cobra.Command) gatewire.ClientOptions {
	return gatewire.ClientOptions{Options: fl.opts, OnDisconnect: reconnectNotice(cmd.ErrOrStderr(), fl.s, fl.quit)}
}

// run runs client until the command's context ends; the returned wait
// ends the context and blocks until the client has stopped.
func (fl *following) run(client *gatewire.Client) (wait func()) {
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.Run(fl.ctx) })
	return func() {
		fl.quit(nil)
		wg.Wait()
	}
}

// result is the command's outcome: the cause that ended its context (a
// refused reconnect) over err.
func (fl *following) result(err error) error {
	if cause := context.Cause(fl.ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return err
}
