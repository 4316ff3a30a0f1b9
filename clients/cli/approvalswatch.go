package cli

import (
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
	fl, err := e.startFollowing(cmd, f, approvalsAccess)
	if err != nil {
		return err
	}
	defer fl.release()
	connected := make(chan struct{}, 1)
	opts := fl.clientOptions(cmd)
	opts.OnConnect = func(*gatewire.Conn) { signalOnce(connected) }
	client := gatewire.NewClient(fl.s.url, opts)
	sub := client.Subscribe(watchBuffer, protocol.EventExecApprovalRequested, protocol.EventExecApprovalResolved)
	wait := fl.run(client)
	inputDone := make(chan struct{})
	defer func() {
		close(inputDone)
		wait()
		sub.Close()
	}()
	w := newWatcher(fl.s, cmd, protocol.NewClient(&recorder{caller: client}), e.now)
	return fl.result(w.run(fl.ctx, connected, sub.C, readLines(cmd.InOrStdin(), inputDone)))
}

// signalOnce puts a token in ch unless one is already waiting.
func signalOnce(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
