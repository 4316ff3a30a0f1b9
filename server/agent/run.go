package agent

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gatewire/gatewire/server/transcript"
)

// Run statuses in an Outcome.
const (
	StatusOK      = "ok"
	StatusError   = "error"
	StatusAborted = "aborted"
)

// ErrAborted is the Observer's error of an aborted run.
var ErrAborted = errors.New("agent: run aborted")

// Run is one started run.
type Run struct {
	// ID is the run id (the idempotency key).
	ID         string
	SessionKey string
	AgentID    string
	// AcceptedAt is when the run was registered, in ms since the epoch.
	AcceptedAt int64

	req    StartRequest
	ctx    context.Context
	cancel context.CancelFunc
	// accepted is closed once the user message is recorded (or that
	// failed: acceptErr); duplicates wait for it before they answer.
	accepted  chan struct{}
	acceptErr error
	done      chan struct{}
	outcome   Outcome

	// mu orders the run's events: the loop and an abort both emit.
	mu           sync.Mutex
	seq          int64
	text         string    // the answer so far (cumulative over the run)
	lastChat     time.Time // when the last chat delta was sent
	lastChatText string    // the text the last chat delta carried
	startedAt    int64
	ended        bool   // the terminal events were sent
	abortOrigin  string // set when aborted: "rpc", "stop", ...
}

// Done is closed when the run has ended.
func (r *Run) Done() <-chan struct{} { return r.done }

// Accepted is closed once the run's user message is recorded (or
// recording failed, see AcceptErr).
func (r *Run) Accepted() <-chan struct{} { return r.accepted }

// AcceptErr is why the run could not be accepted, nil when it was; valid
// once Accepted is closed.
func (r *Run) AcceptErr() error { return r.acceptErr }

// Outcome returns the run's outcome and true once it has ended.
func (r *Run) Outcome() (Outcome, bool) {
	select {
	case <-r.done:
		return r.outcome, true
	default:
		return Outcome{}, false
	}
}

// Outcome is how a run ended.
type Outcome struct {
	RunID      string
	SessionKey string
	SessionID  string
	// Status is StatusOK, StatusError or StatusAborted.
	Status string
	// StartedAt and EndedAt are ms since the epoch; StartedAt is 0 when the
	// run never reached the provider.
	StartedAt, EndedAt int64
	// Error is the user-facing error text of a failed run.
	Error string
	// Text is the final assistant text (the partial text when aborted).
	Text string
	// StopReason is the model's stop reason, or the abort's origin ("rpc",
	// "stop") for an aborted run.
	StopReason string
	Usage      *transcript.Usage
	// Provider and Model name the model that answered; ContextWindow is
	// its context window in tokens.
	Provider, Model string
	ContextWindow   int
}
