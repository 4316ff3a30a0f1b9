package approvals

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// record is one approval, pending or (for the grace period) decided or
// expired.
type record struct {
	id          string
	request     protocol.ExecApprovalRequestPayload
	commandText string
	preview     *string
	createdAtMs int64
	expiresAtMs int64

	// requestedByConn and requestedByDevice name the connection (and its
	// device, "" without one) that asked; only they may forward the run.
	// requestedByRun names the in-process requester (an agent run) that
	// asked instead; only that run may forward it.
	requestedByConn, requestedByDevice, requestedByRun string

	// settled, decision, consumed and done change together under the
	// store's lock; done is closed once the approval is decided or
	// expired; consumed is set when an allow-once was used.
	settled  bool
	decision *protocol.ExecApprovalDecision
	consumed bool
	expired  bool // settled because its time ran out
	done     chan struct{}
	timer    *time.Timer
}

// store holds the approvals by id.
type store struct {
	mu   sync.Mutex
	recs map[string]*record
}

func newStore() *store { return &store{recs: map[string]*record{}} }

// add stores r unless a pending approval has its id; a settled one in its
// grace period is replaced.
func (s *store) add(r *record) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.recs[r.id]; ok && !old.settled {
		return false
	}
	s.recs[r.id] = r
	return true
}

// find returns the approval whose id is ref, or the only one whose id
// starts with ref; settled ones count only when withSettled is set.
func (s *store) find(ref string, withSettled bool) *record {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.recs[ref]; ok {
		if withSettled || !r.settled {
			return r
		}
		return nil
	}
	var found *record
	for id, r := range s.recs {
		if !strings.HasPrefix(id, ref) || (r.settled && !withSettled) {
			continue
		}
		if found != nil {
			return nil
		}
		found = r
	}
	return found
}

// settle decides r (decision nil when it expired); it reports false when r
// was already settled. forget runs the deletion after the grace period.
func (s *store) settle(r *record, decision *protocol.ExecApprovalDecision, grace time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settleLocked(r, decision, grace)
}

// expire settles r without a decision because its time ran out, and
// marks it expired under the same lock: a forward in the millisecond of
// expiresAtMs must not see a settled, undecided approval that is not
// expired yet.
func (s *store) expire(r *record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settleLocked(r, nil, Grace) {
		r.expired = true
	}
}

// settleLocked is settle with the store's lock held.
func (s *store) settleLocked(r *record, decision *protocol.ExecApprovalDecision, grace time.Duration) bool {
	if r.settled {
		return false
	}
	r.settled, r.decision = true, decision
	if r.timer != nil {
		r.timer.Stop()
	}
	close(r.done)
	time.AfterFunc(grace, func() { s.forget(r) })
	return true
}

// forget deletes r unless its id now names a newer approval.
func (s *store) forget(r *record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recs[r.id] == r {
		delete(s.recs, r.id)
	}
}

// state returns r's settled flag and decision.
func (s *store) state(r *record) (bool, *protocol.ExecApprovalDecision) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return r.settled, r.decision
}

// pending lists the pending approvals, oldest first.
func (s *store) pending() []*record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*record, 0, len(s.recs))
	for _, r := range s.recs {
		if !r.settled {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].createdAtMs != out[j].createdAtMs {
			return out[i].createdAtMs < out[j].createdAtMs
		}
		return out[i].id < out[j].id
	})
	return out
}

// exact returns the approval whose id is exactly id, pending or in its
// grace period.
func (s *store) exact(id string) *record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recs[id]
}

// consumeAllowOnce uses up r's allow-once decision; it reports false when
// r holds no unused allow-once.
func (s *store) consumeAllowOnce(r *record) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.decision == nil || *r.decision != protocol.ExecApprovalDecisionAllowOnce {
		return false
	}
	r.decision, r.consumed = nil, true
	return true
}

// runState is r's decision state as forwarding judges it.
type runState struct {
	settled  bool
	decision *protocol.ExecApprovalDecision
	consumed bool
	expired  bool
}

// runStateOf returns r's decision state.
func (s *store) runStateOf(r *record) runState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return runState{settled: r.settled, decision: r.decision, consumed: r.consumed, expired: r.expired}
}
