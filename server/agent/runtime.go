package agent

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/agent/provider"
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

// Models is what the runtime asks of the catalog (*catalog.Catalog).
type Models interface {
	Agent(id string) (catalog.Agent, bool)
	DefaultAgentID() string
	ModelFor(agentID, override string) (catalog.Model, error)
	Provider(m catalog.Model) (provider.Provider, error)
}

// Sessions is what the runtime asks of the transcript store
// (*transcript.Store).
type Sessions interface {
	Ensure(ctx context.Context, key string) (transcript.Entry, error)
	Get(ctx context.Context, key string) (transcript.Entry, bool, error)
	Append(ctx context.Context, key string, msgs ...transcript.Message) ([]string, error)
	Context(ctx context.Context, key string) (summary string, msgs []transcript.Message, err error)
	RecordRun(ctx context.Context, key string, run transcript.RunInfo, usage *transcript.Usage) error
}

// Deps is what a Runtime needs. Catalog, Transcripts and Publisher are
// required; Runs may be nil (no run-routed events), Tools may be empty,
// Now and Log default to time.Now and slog.Default.
type Deps struct {
	// Catalog is a *catalog.Catalog.
	Catalog Models
	// Transcripts is a *transcript.Store.
	Transcripts Sessions
	Tools       []tools.Tool
	Publisher   rpc.Publisher
	Runs        RunIndex
	// SystemPrompt builds the system prompt of a turn for an agent and the
	// request's extra prompt (server/agent/workspace.SystemPrompt); nil
	// sends extra alone.
	SystemPrompt func(a catalog.Agent, extra string) (string, error)
	Now          func() time.Time
	Log          *slog.Logger
	// MaxToolRounds caps the model calls of one run that answer tool
	// results (0: DefaultMaxToolRounds).
	MaxToolRounds int
	// ChatDeltaInterval spaces a run's chat delta events, as v3 does (an
	// assistant event comes with every piece; a chat delta, carrying the
	// whole text so far, at most this often; the final has it all). 0
	// means DefaultChatDeltaInterval, a negative value every piece.
	ChatDeltaInterval time.Duration
	// KeepFinished is how long a finished run is remembered for agent.wait
	// and duplicate starts (0: five minutes, the gateway's dedupe TTL).
	KeepFinished time.Duration
	// Observer hears how runs end and which model calls fail (the
	// gateway's metrics); nil hears nothing.
	Observer RunObserver
}

// RunObserver hears about runs for measurement. Its methods are called on
// the runs' goroutines and must not block.
type RunObserver interface {
	// RunEnded is called once per run with its outcome (status, usage,
	// provider).
	RunEnded(o Outcome)
	// ModelCallFailed is called for every model call that ended in an
	// error other than an abort, with the provider's id.
	ModelCallFailed(provider string)
}

// DefaultMaxToolRounds is the default cap on tool rounds per run.
const DefaultMaxToolRounds = 24

// DefaultChatDeltaInterval is v3's spacing of chat delta events.
const DefaultChatDeltaInterval = 150 * time.Millisecond

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
	// RequesterDevice is the requester's device id ("" for none); with
	// RequesterConn it decides who may abort the run.
	RequesterDevice string
	ToolEvents      bool
	// ModelOverride is a model ref that wins over the session's and the
	// agent's ("" for none).
	ModelOverride     string
	ExtraSystemPrompt string
	// Gate, when set, holds the run's events back until it is closed:
	// a method closes it once its acknowledgement is queued, so that the
	// reply precedes the run's first event. An abort releases it too.
	Gate <-chan struct{}
	// Observer, when set, is called in order in the run's goroutine with
	// each text delta, then exactly one final or error update. It must not
	// block for long: it holds up the run.
	Observer func(Update)
}

// Update is what an Observer sees: a text delta (Delta the new piece, Text
// the whole answer so far), or the end (Final with the answer, usage and
// stop reason; or Err, ErrAborted for an aborted run).
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
	d      Deps
	agent  protocol.AgentEmitter
	chat   protocol.ChatEmitter
	specs  []provider.Tool
	byName map[string]tools.Tool

	cache *contextCache

	mu    sync.Mutex
	runs  registry
	lanes map[string]*lane // by session key, while it has runs
}

// New returns a Runtime over d.
func New(d Deps) *Runtime {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.MaxToolRounds <= 0 {
		d.MaxToolRounds = DefaultMaxToolRounds
	}
	if d.ChatDeltaInterval == 0 {
		d.ChatDeltaInterval = DefaultChatDeltaInterval
	}
	if d.KeepFinished <= 0 {
		d.KeepFinished = 5 * time.Minute
	}
	r := &Runtime{d: d, agent: protocol.NewAgentEmitter(d.Publisher), chat: protocol.NewChatEmitter(d.Publisher),
		byName: map[string]tools.Tool{}, runs: newRegistry(d.KeepFinished), lanes: map[string]*lane{},
		cache: newContextCache(d.Transcripts)}
	for _, t := range d.Tools {
		s := t.Spec()
		r.specs = append(r.specs, s)
		r.byName[s.Name] = t
	}
	return r
}

// Wait blocks until run runID has ended or ctx is done. It returns the
// run's outcome and true when the run ended, false for an unknown run or
// when ctx ended first.
func (r *Runtime) Wait(ctx context.Context, runID string) (Outcome, bool) {
	r.mu.Lock()
	run := r.runs.get(runID, r.d.Now())
	r.mu.Unlock()
	if run == nil {
		return Outcome{}, false
	}
	select {
	case <-run.done:
		return run.outcome, true
	case <-ctx.Done():
		return Outcome{}, false
	}
}

// Lookup returns run runID while the runtime remembers it.
func (r *Runtime) Lookup(runID string) (*Run, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	run := r.runs.get(runID, r.d.Now())
	return run, run != nil
}

// SessionRuns returns the session's active run and its queued runs, in
// order (none when the session is idle).
func (r *Runtime) SessionRuns(sessionKey string) []*Run {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lanes[sessionKey]
	if l == nil {
		return nil
	}
	out := []*Run{}
	if _, ended := l.active.Outcome(); !ended {
		out = append(out, l.active)
	}
	return append(out, l.queue...)
}

// Requester returns the connection and device that started the run.
func (run *Run) Requester() (connID, deviceID string) {
	return run.req.RequesterConn, run.req.RequesterDevice
}

// Active reports whether the session has a run in progress or queued.
func (r *Runtime) Active(sessionKey string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lanes[sessionKey]
	if l == nil {
		return false
	}
	_, ended := l.active.Outcome()
	return !ended || len(l.queue) > 0
}

// nowMs is the clock in epoch milliseconds.
func (r *Runtime) nowMs() int64 { return r.d.Now().UnixMilli() }
