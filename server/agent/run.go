package agent

import "github.com/gatewire/gatewire/server/transcript"

// Run statuses as agent.wait reports them.
const (
	StatusOK      = "ok"
	StatusError   = "error"
	StatusAborted = "aborted"
)

// Run is one started run.
type Run struct {
	// ID is the run id (the idempotency key).
	ID         string
	SessionKey string
	AgentID    string
	// AcceptedAt is when the run was registered, in ms since the epoch.
	AcceptedAt int64

	done    chan struct{}
	outcome Outcome
}

// Done is closed when the run has ended.
func (r *Run) Done() <-chan struct{} { return r.done }

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
	Text       string
	StopReason string
	Usage      *transcript.Usage
	// Provider and Model name the model that answered.
	Provider, Model string
}
