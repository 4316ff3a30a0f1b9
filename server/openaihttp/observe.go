package openaihttp

import (
	"context"
	"errors"
	"sync"

	"github.com/gatewire/gatewire/server/agent"
)

// feed carries a run's updates from the run's goroutine (the Observer,
// which must not block) to the request's goroutine (which writes them),
// in order and without bound.
type feed struct {
	mu      sync.Mutex
	pending []agent.Update
	ready   chan struct{} // signalled when pending gains an update
}

func newFeed() *feed { return &feed{ready: make(chan struct{}, 1)} }

// observe is the run's Observer.
func (f *feed) observe(u agent.Update) {
	f.mu.Lock()
	f.pending = append(f.pending, u)
	f.mu.Unlock()
	select {
	case f.ready <- struct{}{}:
	default:
	}
}

// take returns the updates that arrived since the last take.
func (f *feed) take() []agent.Update {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.pending
	f.pending = nil
	return out
}

// errClientGone ends a run whose HTTP client went away.
var errClientGone = errors.New("openaihttp: the client went away")

// follow calls fn with each update of run until the final or error
// update, which it returns. When ctx ends first (the client went away)
// the run is aborted and the error is errClientGone. A run that ends
// without a final update (it should not) ends with its outcome.
func (s *Server) follow(ctx context.Context, f *feed, run *agent.Run, fn func(agent.Update)) agent.Update {
	deliver := func() (agent.Update, bool) {
		for _, u := range f.take() {
			if u.Final || u.Err != nil {
				return u, true
			}
			fn(u)
		}
		return agent.Update{}, false
	}
	for {
		if u, done := deliver(); done {
			return u
		}
		select {
		case <-f.ready:
		case <-run.Done():
			if u, done := deliver(); done {
				return u
			}
			return outcomeUpdate(run)
		case <-ctx.Done():
			s.d.Runner.Abort(run.SessionKey, run.ID)
			return agent.Update{Err: errClientGone}
		}
	}
}

// outcomeUpdate is the final update of a run that ended without one.
func outcomeUpdate(run *agent.Run) agent.Update {
	o, _ := run.Outcome()
	if o.Status == agent.StatusOK {
		return agent.Update{Final: true, Text: o.Text, Usage: o.Usage, StopReason: o.StopReason}
	}
	msg := o.Error
	if msg == "" {
		msg = "run " + o.Status
	}
	return agent.Update{Err: errors.New(msg), Text: o.Text}
}

// start starts the run of a request with a feed for its updates.
func (s *Server) start(ctx context.Context, t target, runID string, p prompt) (*agent.Run, *feed, error) {
	f := newFeed()
	run, _, err := s.d.Runner.Start(ctx, agent.StartRequest{
		RunID: runID, SessionKey: t.sessionKey, AgentID: t.agentID, Message: p.message,
		Origin: agent.OriginOpenAI, ModelOverride: t.modelOverride, ExtraSystemPrompt: p.extraSystem,
		Observer: f.observe,
	})
	return run, f, err
}
