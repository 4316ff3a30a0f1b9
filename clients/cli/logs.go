package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Bounds of logs.tail's params (protocol v3).
const (
	maxTailLimit    = 5000
	maxTailBytes    = 1_000_000
	defaultLimit    = 200
	defaultMaxBytes = 250_000
)

// logsFlags are the flags of `logs`.
type logsFlags struct {
	conn     connFlags
	follow   bool
	limit    int64
	maxBytes int64
	interval msDuration
}

// newLogsCommand returns `logs`.
func (e *env) newLogsCommand() *cobra.Command {
	var f logsFlags
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "Print the gateway's log (logs.tail); --follow keeps polling",
		Long: `Print the last lines of the gateway's JSON-lines log. With --follow, keep polling
logs.tail with the returned cursor until interrupted, reconnecting when the gateway
goes away. --json prints the log lines as the gateway wrote them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.limit < 1 || f.limit > maxTailLimit {
				return fmt.Errorf("--limit must be between 1 and %d", maxTailLimit)
			}
			if f.maxBytes < 1 || f.maxBytes > maxTailBytes {
				return fmt.Errorf("--max-bytes must be between 1 and %d", maxTailBytes)
			}
			if f.follow {
				return e.followLogs(cmd, &f)
			}
			return e.withSession(cmd, &f.conn, readAccess, func(ctx context.Context, s *session) error {
				r, err := s.api.LogsTail(ctx, f.params(nil))
				if err != nil {
					return err
				}
				return printLogLines(cmd.OutOrStdout(), r, f.conn.json)
			})
		},
	}
	f.conn.register(cmd.Flags())
	f.interval = msDuration(time.Second)
	cmd.Flags().BoolVarP(&f.follow, "follow", "f", false, "keep printing new lines until interrupted")
	cmd.Flags().Int64Var(&f.limit, "limit", defaultLimit, "most lines per request (1..5000)")
	cmd.Flags().Int64Var(&f.maxBytes, "max-bytes", defaultMaxBytes, "most bytes per request (1..1000000)")
	cmd.Flags().Var(&f.interval, "interval", "polling interval with --follow, in ms or as a duration")
	return cmd
}

// params returns the logs.tail params, from cursor when it is set.
func (f *logsFlags) params(cursor *int64) *protocol.LogsTailParams {
	limit, maxBytes := f.limit, f.maxBytes
	return &protocol.LogsTailParams{Cursor: cursor, Limit: &limit, MaxBytes: &maxBytes}
}

// followLogs polls logs.tail over a connection that is redialled when the
// gateway goes away, until interrupted. A refused connection ends it.
func (e *env) followLogs(cmd *cobra.Command, f *logsFlags) error {
	fl, err := e.startFollowing(cmd, &f.conn, readAccess)
	if err != nil {
		return err
	}
	defer fl.release()
	client := gatewire.NewClient(fl.s.url, fl.clientOptions(cmd))
	defer fl.run(client)()
	api := protocol.NewClient(&recorder{caller: client})
	return fl.result(pollLogs(fl.ctx, api, fl.s, f, cmd.OutOrStdout()))
}

// reconnectNotice reports a lost connection on stderr; a refused
// reconnect ends the command with the refusal.
func reconnectNotice(stderr io.Writer, s *settings, quit context.CancelCauseFunc) func(error) {
	return func(err error) {
		var ce *gatewire.ConnectError
		if errors.As(err, &ce) {
			quit(explainDialError(s, err))
			return
		}
		fmt.Fprintf(stderr, "note: %v; reconnecting\n", err)
	}
}

// pollLogs prints new log lines every interval until ctx ends.
func pollLogs(ctx context.Context, api *protocol.Client, s *settings, f *logsFlags, out io.Writer) error {
	var cursor *int64
	for {
		reqCtx, cancel := context.WithTimeout(ctx, s.timeout)
		r, err := api.LogsTail(reqCtx, f.params(cursor))
		cancel()
		var we *wire.Error
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.As(err, &we):
			return err
		case err == nil:
			if err := printLogLines(out, r, f.conn.json); err != nil {
				return err
			}
			next := r.Cursor
			cursor = &next
			if r.Truncated != nil && *r.Truncated {
				continue // more is waiting: read on at once
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Duration(f.interval)):
		}
	}
}
