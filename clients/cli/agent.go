package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// agentAccess is how agent and chat connect: operator.write runs turns
// and implies operator.read, which the agent and chat events need.
var agentAccess = access{scopes: []string{gatewire.ScopeWrite}}

// Agent command defaults.
const (
	// defaultRunWait bounds one agent turn (v3's CLI: 600 s).
	defaultRunWait = 10 * time.Minute
	// abortGrace is how long an interrupted run may take to end.
	abortGrace = 10 * time.Second
	// eventBuffer is how many events may wait while a reply is printed.
	eventBuffer = 4096
)

// agentFlags are `agent`'s own flags.
type agentFlags struct {
	message, session, agent string
	wait                    msDuration
}

// newAgentCommand returns `agent`.
func (e *env) newAgentCommand() *cobra.Command {
	var f connFlags
	a := agentFlags{wait: msDuration(defaultRunWait)}
	cmd := &cobra.Command{
		Use:   "agent",
		Short: "Run one agent turn and stream the answer",
		Long: `Send one message to an agent and print its answer as it streams in.
Without --session or --agent the turn runs in the default agent's main session.
Ctrl-C aborts the run. --json prints the final reply of the agent method instead.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return e.runAgent(cmd, &f, a) },
	}
	f.register(cmd.Flags())
	fl := cmd.Flags()
	fl.StringVarP(&a.message, "message", "m", "", "the message to send (required)")
	fl.StringVar(&a.session, "session", "", "session key, e.g. agent:main:main")
	fl.StringVar(&a.agent, "agent", "", "agent id (its main session unless --session names another)")
	fl.Var(&a.wait, "wait", "how long the turn may take, in ms or as a duration")
	_ = cmd.MarkFlagRequired("message")
	return cmd
}

// agentParams are the agent method's params for the flags.
func (a agentFlags) params(runID string) (*protocol.AgentParams, error) {
	if strings.TrimSpace(a.message) == "" {
		return nil, errors.New("--message must not be empty")
	}
	p := &protocol.AgentParams{Message: a.message, IdempotencyKey: runID}
	if a.session != "" {
		p.SessionKey = &a.session
	}
	if a.agent != "" {
		p.AgentID = &a.agent
	}
	if p.SessionKey == nil && p.AgentID == nil {
		main := "main"
		p.AgentID = &main
	}
	return p, nil
}

// runAgent runs one turn: it subscribes to the agent events, calls agent
// (two-phase, the final reply under the same request), prints the
// assistant stream of its own run, and on Ctrl-C aborts the run through
// chat.abort and waits for its end.
func (e *env) runAgent(cmd *cobra.Command, f *connFlags, a agentFlags) error {
	runID := wire.NewUUID()
	params, err := a.params(runID)
	if err != nil {
		return err
	}
	st, err := f.resolve(e)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dialCtx, cancel := context.WithTimeout(ctx, st.timeout)
	conn, err := dial(dialCtx, st, agentAccess, cmd.ErrOrStderr())
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close()
	sub := conn.Subscribe(eventBuffer, protocol.EventAgent)
	defer sub.Close()
	r := &agentRun{id: runID, session: a.session, conn: conn, json: st.json, out: newStreamPrinter(cmd.OutOrStdout())}
	return r.wait(ctx, cmd, params, time.Duration(a.wait), sub)
}

// agentRun is one turn the agent command follows.
type agentRun struct {
	id, session string
	conn        *gatewire.Conn
	json        bool
	out         *streamPrinter
	aborted     bool
}

// agentReply is the agent method's final reply.
type agentReply struct {
	raw json.RawMessage
	err error
}

// wait calls agent and follows the run until its final reply.
func (r *agentRun) wait(ctx context.Context, cmd *cobra.Command, params *protocol.AgentParams, limit time.Duration,
	events *gatewire.Subscription) error {
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limit+abortGrace)
	defer cancel()
	done := make(chan agentReply, 1)
	go func() {
		rec := &recorder{caller: r.conn}
		_, err := protocol.NewClient(rec).Agent(callCtx, params) // two-phase: returns the final reply
		done <- agentReply{rec.last, err}
	}()
	interrupted := ctx.Done()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		select {
		case ev, ok := <-events.C:
			if ok {
				r.event(ev)
			}
		case reply := <-done:
			r.drain(events)
			return r.finish(cmd, reply)
		case <-interrupted:
			interrupted = nil
			r.abort(cmd)
		case <-deadline.C:
			r.abort(cmd)
			return fmt.Errorf("the run took longer than --wait (%s); it was aborted", limit)
		}
	}
}

// event prints the assistant stream of this run and learns its session.
func (r *agentRun) event(ev gatewire.Event) {
	var p protocol.AgentEvent
	if ev.Decode(&p) != nil || p.RunID != r.id {
		return
	}
	if r.session == "" && p.SessionKey != nil {
		r.session = *p.SessionKey
	}
	if r.json || p.Stream != "assistant" {
		return
	}
	var text string
	if raw, ok := p.Data["text"]; ok && json.Unmarshal(raw, &text) == nil {
		r.out.update(r.id, text)
	}
}

// drain handles the events already received: they precede the final
// reply on the connection.
func (r *agentRun) drain(events *gatewire.Subscription) {
	for {
		select {
		case ev, ok := <-events.C:
			if !ok {
				return
			}
			r.event(ev)
		default:
			return
		}
	}
}

// abort asks the gateway to stop the run (once).
func (r *agentRun) abort(cmd *cobra.Command) {
	if r.aborted {
		return
	}
	r.aborted = true
	if r.session == "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "gatewire: interrupted before the run reported its session; it may go on")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), abortGrace)
	defer cancel()
	_, err := r.conn.API().ChatAbort(ctx, &protocol.ChatAbortParams{SessionKey: r.session, RunID: &r.id})
	if err != nil {
		fmt.Fprintln(cmd.ErrOrStderr(), "gatewire: aborting the run failed:", err)
	}
}

// finish prints the final reply: as received with --json, otherwise the
// end of the streamed answer (or the final text when nothing streamed).
func (r *agentRun) finish(cmd *cobra.Command, reply agentReply) error {
	if r.json && len(reply.raw) > 0 {
		if err := printJSON(cmd.OutOrStdout(), reply.raw); err != nil {
			return err
		}
	}
	var res protocol.AgentResult
	_ = json.Unmarshal(reply.raw, &res)
	if !r.json && !r.out.end(r.id) {
		if text := finalText(res.Result); text != "" {
			fmt.Fprintln(cmd.OutOrStdout(), text)
		}
	}
	switch {
	case reply.err != nil && r.aborted:
		return errors.New("run aborted")
	case reply.err != nil:
		return reply.err
	case r.aborted || resultAborted(res.Result):
		return errors.New("run aborted")
	}
	return nil
}

// finalText is the text of a final agent result's payloads.
func finalText(result json.RawMessage) string {
	var r struct {
		Payloads []struct {
			Text *string `json:"text"`
		} `json:"payloads"`
	}
	if json.Unmarshal(result, &r) != nil {
		return ""
	}
	var parts []string
	for _, p := range r.Payloads {
		if p.Text != nil && *p.Text != "" {
			parts = append(parts, *p.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// resultAborted reports whether a final result says the run was aborted
// (result.meta.aborted).
func resultAborted(result json.RawMessage) bool {
	var r struct {
		Meta struct {
			Aborted bool `json:"aborted"`
		} `json:"meta"`
	}
	return json.Unmarshal(result, &r) == nil && r.Meta.Aborted
}
