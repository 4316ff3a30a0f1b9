package cli

import (
	"context"
	"encoding/json"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// env is what the commands take from their surroundings.
type env struct {
	getenv func(string) string
	now    func() time.Time
	// version is the binary's version, reported to gateways.
	version string
}

// session is one command's connection to the gateway.
type session struct {
	settings *settings
	conn     *gatewire.Conn
	cmd      *cobra.Command
	now      func() time.Time
}

// withSession resolves the settings, connects with acc and runs fn; the
// whole command is bounded by --timeout.
func (e *env) withSession(cmd *cobra.Command, f *connFlags, acc access, fn func(ctx context.Context, s *session) error) error {
	st, err := f.resolve(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), st.timeout)
	defer cancel()
	conn, err := dial(ctx, st, acc, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer conn.Close()
	return fn(ctx, &session{settings: st, conn: conn, cmd: cmd, now: e.now})
}

// call makes one call and returns the reply's payload as sent.
func (s *session) call(ctx context.Context, method string, params any, opts rpc.CallOptions) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := s.conn.Call(ctx, method, params, &raw, opts); err != nil {
		return nil, &callError{method: method, err: err}
	}
	return raw, nil
}

// callInto makes one call and decodes its payload into out; it returns
// the payload as sent too.
func (s *session) callInto(ctx context.Context, method string, params, out any) (json.RawMessage, error) {
	raw, err := s.call(ctx, method, params, rpc.CallOptions{})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, &callError{method: method, err: err}
	}
	return raw, nil
}

// query connects with acc, calls method with params and prints the reply:
// as received with --json, else decoded into a T and shown by human.
func query[T any](e *env, cmd *cobra.Command, f *connFlags, acc access, method string, params any,
	human func(*session, *T) error) error {
	return e.withSession(cmd, f, acc, func(ctx context.Context, s *session) error {
		var reply T
		raw, err := s.callInto(ctx, method, params, &reply)
		if err != nil {
			return err
		}
		return s.emit(raw, func() error { return human(s, &reply) })
	})
}

// emit prints raw as JSON with --json, else runs human.
func (s *session) emit(raw json.RawMessage, human func() error) error {
	if s.settings.json {
		return printJSON(s.cmd.OutOrStdout(), raw)
	}
	return human()
}
