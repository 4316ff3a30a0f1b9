package cli

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// env is what the commands take from their surroundings.
type env struct {
	getenv func(string) string
	now    func() time.Time
	// version is the binary's version, reported to gateways.
	version string
	// local reads the local gateway's port and secret; nil reads only
	// its generated token file.
	local LocalResolver
	// interrupts, when set, replaces the process's Ctrl-C and SIGTERM
	// for commands that handle them without ending (chat).
	interrupts func() (<-chan os.Signal, func())
	// openURL, when set, replaces xdg-open for dashboard --open.
	openURL func(url string) error
}

// session is one command's connection to the gateway.
type session struct {
	settings *settings
	conn     *gatewire.Conn
	// api calls methods through the generated typed client; calls keeps
	// each reply as sent.
	api   *protocol.Client
	calls *recorder
	cmd   *cobra.Command
	now   func() time.Time
}

// newSession wraps an open connection.
func newSession(st *settings, conn *gatewire.Conn, cmd *cobra.Command, now func() time.Time) *session {
	rec := &recorder{caller: conn}
	return &session{settings: st, conn: conn, api: protocol.NewClient(rec), calls: rec, cmd: cmd, now: now}
}

// withSession resolves the settings, connects with acc and runs fn; the
// whole command is bounded by --timeout.
func (e *env) withSession(cmd *cobra.Command, f *connFlags, acc access, fn func(ctx context.Context, s *session) error) error {
	return e.withSessionFor(cmd, f, acc, nil, fn)
}

// withSessionFor is withSession for a command that waits longer than one
// request (a node invoke): extra, given the settings, is added to
// --timeout.
func (e *env) withSessionFor(cmd *cobra.Command, f *connFlags, acc access, extra func(*settings) time.Duration,
	fn func(ctx context.Context, s *session) error) error {
	st, err := f.resolve(e)
	if err != nil {
		return err
	}
	bound := st.timeout
	if extra != nil {
		bound += extra(st)
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), bound)
	defer cancel()
	conn, err := dial(ctx, st, acc, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer conn.Close()
	return fn(ctx, newSession(st, conn, cmd, e.now))
}

// recorder is the rpc.Caller under the typed client: it keeps the last
// reply's payload as the gateway sent it (what --json prints) and names
// the method in a failure.
type recorder struct {
	caller rpc.Caller
	last   json.RawMessage
}

// Call makes one call, keeps its payload and decodes it into result.
func (r *recorder) Call(ctx context.Context, method string, params, result any, opts rpc.CallOptions) error {
	var raw json.RawMessage
	if err := r.caller.Call(ctx, method, params, &raw, opts); err != nil {
		return &callError{method: method, err: err}
	}
	r.last = raw
	if raw, ok := result.(*json.RawMessage); ok {
		*raw = r.last
		return nil
	}
	if err := json.Unmarshal(raw, result); err != nil {
		return &callError{method: method, err: err}
	}
	return nil
}

// method is a typed client method, e.g. (*protocol.Client).Health.
type method[P, R any] func(*protocol.Client, context.Context, *P) (*R, error)

// query connects with acc, calls m with params and prints the reply: as
// received with --json, else shown by human.
func query[P, R any](e *env, cmd *cobra.Command, f *connFlags, acc access, m method[P, R], params *P,
	human func(*session, *R) error) error {
	return e.withSession(cmd, f, acc, func(ctx context.Context, s *session) error {
		reply, err := m(s.api, ctx, params)
		if err != nil {
			return err
		}
		return s.emit(func() error { return human(s, reply) })
	})
}

// emit prints the last reply as JSON with --json, else runs human.
func (s *session) emit(human func() error) error {
	if s.settings.json {
		return printJSON(s.cmd.OutOrStdout(), s.calls.last)
	}
	return human()
}
