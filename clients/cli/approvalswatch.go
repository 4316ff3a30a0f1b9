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
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// watchBuffer is how many approval events may wait while the prompt
// sends an answer.
const watchBuffer = 256

// approvalsWatch returns `approvals watch`.
func (e *env) approvalsWatch(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "watch",
		Short: "Show exec approvals as they are requested and answer them at the terminal",
		Long: `Show each exec approval as the gateway announces it (command, where it runs,
cwd, agent, expiry, allowed decisions) and ask for an answer, one line each:

  o  allow once        a  allow always        d  deny        s  skip to the next

Requests that arrive while one is being asked about wait their turn. One that is
resolved elsewhere or expires leaves the prompt with a line saying so. Answers
are read from standard input, one per line, so a program can drive the prompt;
the watch ends at the end of the input or on Ctrl-C. It reconnects when the
gateway goes away and then shows what is pending. --json prints one JSON object
per line instead (requested, resolved, expired, gone, answered, refused).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return withApprovalsHint(e.watchApprovals(cmd, f)) },
	}
}

// watchApprovals connects (once directly, to report a bad setting or a
// refusal at once, then through a reconnecting Client) and runs the
// prompt until the input ends or the command is interrupted.
func (e *env) watchApprovals(cmd *cobra.Command, f *connFlags) error {
	s, err := f.resolve(e)
	if err != nil {
		return err
	}
	opts, err := optionsFor(s, approvalsAccess, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	first, cancel := context.WithTimeout(ctx, s.timeout)
	conn, err := dialWith(first, s, opts)
	cancel()
	if err != nil {
		return err
	}
	_ = conn.Close() // the dial proved the settings and the scope; the Client keeps its own connection

	ctx, quit := context.WithCancelCause(ctx)
	connected := make(chan struct{}, 1)
	client := gatewire.NewClient(s.url, gatewire.ClientOptions{Options: opts,
		OnConnect:    func(*gatewire.Conn) { signalOnce(connected) },
		OnDisconnect: reconnectNotice(cmd.ErrOrStderr(), s, quit)})
	sub := client.Subscribe(watchBuffer, protocol.EventExecApprovalRequested, protocol.EventExecApprovalResolved)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = client.Run(ctx)
	}()
	inputDone := make(chan struct{})
	defer func() {
		close(inputDone)
		quit(nil)
		wg.Wait()
		sub.Close()
	}()
	w := newWatcher(s, cmd, protocol.NewClient(&recorder{caller: client}), e.now)
	err = w.run(ctx, connected, sub.C, readLines(cmd.InOrStdin(), inputDone))
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return err
}

// signalOnce puts a token in ch unless one is already waiting.
func signalOnce(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
