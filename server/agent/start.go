package agent

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatewire/gatewire/server/transcript"
)

// The request errors of Start.
var (
	// ErrNoSession: neither a session key nor an agent was given (v3's
	// text, which names the CLI's flags).
	ErrNoSession = errors.New("Error: Pass --to <E.164>, --session-id, or --agent to choose a session")
	// ErrNoRunID: the request has no idempotency key.
	ErrNoRunID = errors.New("agent: a run needs an idempotency key")
	// ErrBadSessionKey and ErrUnknownAgent wrap the errors of a session
	// key that is not agent:<agentId>:<name> and of an agent the catalog
	// does not have.
	ErrBadSessionKey = errors.New("invalid session key")
	ErrUnknownAgent  = errors.New("unknown agent")
)

// Start registers run req.RunID before anything asynchronous, records the
// user message durably, and queues the turn behind the session's current
// run. A known RunID returns the existing run with existing set and
// starts nothing (once that run's user message is recorded). Errors are
// request errors (no session can be chosen, a malformed session key, an
// unknown agent, the message could not be recorded); model and provider
// errors end the run instead.
func (r *Runtime) Start(ctx context.Context, req StartRequest) (run *Run, existing bool, err error) {
	var (
		l    *lane
		idle bool
	)
	run, existing, err = r.register(ctx, req, func(run *Run) { l, idle = r.enqueueLocked(run) })
	if err != nil || existing {
		return run, existing, err
	}
	if idle {
		go r.drive(run.SessionKey, l)
	}
	if err := r.accept(ctx, run); err != nil {
		return nil, false, err
	}
	return run, false, nil
}

// register adds a run for req, or, when req.RunID already names one,
// returns that run with existing set (once its user message is
// recorded). locked runs under the same lock as the registration, so
// that what it does cannot be raced by a duplicate.
func (r *Runtime) register(ctx context.Context, req StartRequest, locked func(*Run)) (run *Run, existing bool, err error) {
	if req.RunID == "" {
		return nil, false, ErrNoRunID
	}
	key, agentID, err := r.sessionOf(req)
	if err != nil {
		return nil, false, err
	}
	r.mu.Lock()
	if run = r.runs.get(req.RunID, r.d.Now()); run != nil {
		r.mu.Unlock()
		return r.existing(ctx, run)
	}
	run = r.newRun(req, key, agentID)
	r.runs.add(run)
	if locked != nil {
		locked(run)
	}
	r.mu.Unlock()
	return run, false, nil
}

// existing answers a duplicate start once the first one's user message is
// recorded.
func (r *Runtime) existing(ctx context.Context, run *Run) (*Run, bool, error) {
	select {
	case <-run.accepted:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	if run.acceptErr != nil {
		return nil, false, run.acceptErr
	}
	return run, true, nil
}

// sessionOf resolves the session key and agent of a request.
func (r *Runtime) sessionOf(req StartRequest) (key, agentID string, err error) {
	key = req.SessionKey
	if key == "" {
		if req.AgentID == "" {
			return "", "", ErrNoSession
		}
		key = transcript.MainKey(req.AgentID)
	}
	agentID, _, ok := transcript.ParseKey(key)
	if !ok {
		return "", "", fmt.Errorf("%w %q: expected agent:<agentId>:<name>", ErrBadSessionKey, key)
	}
	if _, ok := r.d.Catalog.Agent(agentID); !ok {
		return "", "", &unknownAgent{agentID}
	}
	return key, agentID, nil
}

// newRun builds a registered-to-be run.
func (r *Runtime) newRun(req StartRequest, key, agentID string) *Run {
	ctx, cancel := context.WithCancel(context.Background())
	return &Run{ID: req.RunID, SessionKey: key, AgentID: agentID, AcceptedAt: r.nowMs(), req: req,
		ctx: ctx, cancel: cancel, accepted: make(chan struct{}), done: make(chan struct{})}
}

// accept records the run's user message and the run's requester. When
// recording fails the run is forgotten (a retry with its key starts
// afresh) and ends without events.
func (r *Runtime) accept(ctx context.Context, run *Run) error {
	msg := transcript.Message{Role: transcript.RoleUser, Content: []transcript.Part{{Type: transcript.PartText, Text: run.req.Message}},
		Timestamp: run.AcceptedAt, IdempotencyKey: run.ID}
	err := r.cache.append(context.WithoutCancel(ctx), r.d.Transcripts, run.SessionKey, msg)
	if err == nil && run.req.ToolEvents && run.req.RequesterConn != "" && r.d.Runs != nil {
		r.d.Runs.AddRunRecipient(run.ID, run.req.RequesterConn)
	}
	if err != nil {
		err = fmt.Errorf("the message could not be recorded: %w", err)
		r.mu.Lock()
		delete(r.runs.byID, run.ID)
		r.mu.Unlock()
	}
	run.acceptErr = err
	close(run.accepted)
	return err
}

// unknownAgent is v3's error for an agent the configuration lacks.
type unknownAgent struct{ id string }

func (e *unknownAgent) Error() string { return fmt.Sprintf("unknown agent id %q", e.id) }

// Is makes errors.Is(err, ErrUnknownAgent) hold.
func (e *unknownAgent) Is(target error) bool { return target == ErrUnknownAgent }
