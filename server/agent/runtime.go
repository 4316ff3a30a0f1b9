package agent

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/transcript"
)

// RunIndex registers the connections a run's run-routed events reach (the
// tool stream goes only to requesters that asked for tool events). The
// engine's hub implements it.
type RunIndex interface {
	AddRunRecipient(runID, connID string)
	EndRun(runID string)
}

// Deps is what a Runtime needs. Catalog, Transcripts and Publisher are
// required; Runs may be nil (no run-routed events), Tools may be empty,
// Now and Log default to time.Now and slog.Default.
type Deps struct {
	Catalog     *catalog.Catalog
	Transcripts *transcript.Store
	Tools       []tools.Tool
	Publisher   rpc.Publisher
	Runs        RunIndex
	// SystemPrompt builds the system prompt of a turn for an agent and the
	// request's extra prompt (server/agent/workspace.SystemPrompt); nil
	// sends extra alone.
	SystemPrompt func(a catalog.Agent, extra string) (string, error)
	Now          func() time.Time
	Log          *slog.Logger
}

// Origins of a run: who started it. They decide nothing but what the run
// records and logs.
const (
	OriginWebchat = "webchat"
	OriginCLI     = "cli"
	OriginNode    = "node"
	OriginOpenAI  = "openai"
)

// StartRequest asks for one run.
type StartRequest struct {
	// RunID is the idempotency key; a known id returns the existing run.
	RunID      string
	SessionKey string
	// AgentID picks the agent when SessionKey is empty (its main session).
	AgentID string
	// Message is the user's text as sent (without v3's timestamp prefix,
	// which the runtime adds for the model only).
	Message string
	Origin  string
	// RequesterConn is the connection that started the run ("" for none):
	// it becomes a run recipient when ToolEvents is set.
	RequesterConn string
	ToolEvents    bool
	// ModelOverride is a model ref that wins over the session's and the
	// agent's ("" for none).
	ModelOverride     string
	ExtraSystemPrompt string
	// Observer, when set, is called in order in the run's goroutine with
	// each text delta, then exactly one final or error update. It must not
	// block for long: it holds up the run.
	Observer func(Update)
}

// Update is what an Observer sees: a text delta (Delta the new piece, Text
// the whole answer so far), or the end (Final with the answer, usage and
// stop reason; or Err).
type Update struct {
	Delta, Text string
	Final       bool
	Err         error
	Usage       *transcript.Usage
	StopReason  string
}

// Runtime starts, queues, aborts and reports runs. It is safe for
// concurrent use.
type Runtime struct {
	d Deps
}

// New returns a Runtime over d.
func New(d Deps) *Runtime {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Runtime{d: d}
}

// errNotBuilt marks the skeleton's bodies.
var errNotBuilt = errors.New("agent: runtime not built yet")

// Start registers run req.RunID before anything asynchronous, records the
// user message durably, and queues the turn behind the session's current
// run. A known RunID returns the existing run with existing set and
// starts nothing. Errors are request errors (no session can be chosen, no
// message); model and provider errors end the run instead.
func (r *Runtime) Start(ctx context.Context, req StartRequest) (run *Run, existing bool, err error) {
	return nil, false, errNotBuilt
}

// Wait blocks until run runID has ended or ctx is done. It returns the
// run's outcome and true when the run ended, false for an unknown run or
// when ctx ended first.
func (r *Runtime) Wait(ctx context.Context, runID string) (Outcome, bool) {
	return Outcome{}, false
}

// Abort cancels the active run of the session (runID "" or that run's
// id), cancelling its provider stream at once, and returns the ids of the
// runs it aborted (none when nothing matched). The stop reason is "rpc".
func (r *Runtime) Abort(sessionKey, runID string) []string {
	return nil
}

// Active reports whether the session has a run in progress.
func (r *Runtime) Active(sessionKey string) bool {
	return false
}

// Summarize makes one provider call with the session's model that
// summarizes text (for compaction) and returns the summary.
func (r *Runtime) Summarize(ctx context.Context, sessionKey, text string) (string, error) {
	return "", errNotBuilt
}
