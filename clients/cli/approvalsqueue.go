package cli

import (
	"slices"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// waiting is one approval `approvals watch` holds: what the gateway
// announced, and when it expires on this host's clock.
type waiting struct {
	protocol.PendingExecApproval
	deadline time.Time
}

// approvalQueue holds the approvals waiting for an answer, in the order
// they arrived; the first is the one the prompt asks about.
type approvalQueue struct {
	items []*waiting
}

// add appends w unless an approval with its id is held; it reports
// whether it did.
func (q *approvalQueue) add(w *waiting) bool {
	if q.find(w.ID) != nil {
		return false
	}
	q.items = append(q.items, w)
	return true
}

// find returns the held approval with id, or nil.
func (q *approvalQueue) find(id string) *waiting {
	for _, w := range q.items {
		if w.ID == id {
			return w
		}
	}
	return nil
}

// remove drops the approval with id and reports whether it was the one
// being asked about.
func (q *approvalQueue) remove(id string) (wasCurrent bool) {
	i := slices.IndexFunc(q.items, func(w *waiting) bool { return w.ID == id })
	if i < 0 {
		return false
	}
	q.items = slices.Delete(q.items, i, i+1)
	return i == 0
}

// current returns the approval being asked about, or nil.
func (q *approvalQueue) current() *waiting {
	if len(q.items) == 0 {
		return nil
	}
	return q.items[0]
}

// skip moves the current approval to the end of the queue.
func (q *approvalQueue) skip() {
	if len(q.items) > 1 {
		q.items = append(q.items[1:], q.items[0])
	}
}

// len returns how many approvals are held.
func (q *approvalQueue) len() int { return len(q.items) }

// ids returns the held ids.
func (q *approvalQueue) ids() []string {
	out := make([]string, len(q.items))
	for i, w := range q.items {
		out[i] = w.ID
	}
	return out
}

// due returns the approvals whose deadline is not after now.
func (q *approvalQueue) due(now time.Time) []*waiting {
	var out []*waiting
	for _, w := range q.items {
		if !w.deadline.After(now) {
			out = append(out, w)
		}
	}
	return out
}

// nextDeadline returns the earliest deadline, if any approval is held.
func (q *approvalQueue) nextDeadline() (time.Time, bool) {
	if len(q.items) == 0 {
		return time.Time{}, false
	}
	next := q.items[0].deadline
	for _, w := range q.items[1:] {
		if w.deadline.Before(next) {
			next = w.deadline
		}
	}
	return next, true
}
