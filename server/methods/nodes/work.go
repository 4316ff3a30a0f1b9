package nodes

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Pending work (node.pending.enqueue and drain): status and location
// requests operators leave for a node, which it drains when it connects
// or wakes. As in v3 they are kept in memory, per node, until they expire.
const (
	baselineStatusID = "baseline-status"
	defaultDrainMax  = 4
	maxDrainItems    = 10
)

// priorityRank orders work, highest first.
var priorityRank = map[protocol.NodePendingItemPriority]int{
	protocol.NodePendingItemPriorityHigh: 3, protocol.NodePendingItemPriorityNormal: 2,
	protocol.NodePendingItemPriorityDefault: 1,
}

// workQueue is one node's pending work and its revision (counts changes).
type workQueue struct {
	revision int64
	items    map[string]protocol.NodePendingItem
}

// workQueues holds the pending work of every node.
type workQueues struct {
	mu     sync.Mutex
	byNode map[string]*workQueue
}

// NodePendingEnqueue queues a status or location request for a node (it
// need not be connected or known). A type already queued is answered
// with that item and the current revision. Nothing can wake a node that
// is not connected (no push service), so wakeTriggered is false.
func (s *Service) NodePendingEnqueue(_ context.Context, _ *rpc.Call, p *protocol.NodePendingEnqueueParams) (*protocol.NodePendingEnqueueResult, error) {
	nodeID := strings.TrimSpace(p.NodeID)
	if nodeID == "" {
		return nil, wire.Unavailable("Error: nodeId required")
	}
	revision, item := s.work.enqueue(nodeID, p, s.deps.Now())
	return &protocol.NodePendingEnqueueResult{NodeID: p.NodeID, Revision: revision, Queued: item, WakeTriggered: false}, nil
}

// NodePendingDrain returns the calling node's pending work, highest
// priority first, without removing it, followed by the baseline status
// request when none is queued; at most maxItems (default 4) items.
func (s *Service) NodePendingDrain(_ context.Context, call *rpc.Call, p *protocol.NodePendingDrainParams) (*protocol.NodePendingDrainResult, error) {
	nodeID := callerNodeID(call, "")
	if nodeID == "" {
		return nil, wire.InvalidRequest("node.pending.drain requires a connected device identity")
	}
	maxItems := defaultDrainMax
	if p.MaxItems != nil {
		maxItems = int(min(max(*p.MaxItems, 1), maxDrainItems))
	}
	out := s.work.drain(nodeID, maxItems, s.deps.Now())
	out.NodeID = nodeID
	return out, nil
}

// enqueue adds an item of p's type unless one is queued.
func (w *workQueues) enqueue(nodeID string, p *protocol.NodePendingEnqueueParams, now time.Time) (int64, protocol.NodePendingItem) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.byNode == nil {
		w.byNode = map[string]*workQueue{}
	}
	q := w.byNode[nodeID]
	if q == nil {
		q = &workQueue{items: map[string]protocol.NodePendingItem{}}
		w.byNode[nodeID] = q
	}
	q.prune(now)
	for _, it := range q.items {
		if it.Type == p.Type {
			return q.revision, it
		}
	}
	item := protocol.NodePendingItem{
		ID: uuid.NewString(), Type: p.Type, Priority: protocol.NodePendingItemPriorityNormal,
		CreatedAtMs: now.UnixMilli(), ExpiresAtMs: protocol.NewNull[int64](),
	}
	if p.Priority != nil {
		item.Priority = protocol.NodePendingItemPriority(*p.Priority)
	}
	if p.ExpiresInMs != nil {
		item.ExpiresAtMs = protocol.NewNullable(now.UnixMilli() + max(*p.ExpiresInMs, 1000))
	}
	q.items[item.ID] = item
	q.revision++
	return q.revision, item
}

// drain lists a node's work as NodePendingDrain describes; the revision
// is the one before expired items were pruned, as in v3, and a queue
// left empty is forgotten (its revision starts again at 0).
func (w *workQueues) drain(nodeID string, maxItems int, now time.Time) *protocol.NodePendingDrainResult {
	w.mu.Lock()
	defer w.mu.Unlock()
	var revision int64
	var queued []protocol.NodePendingItem
	if q := w.byNode[nodeID]; q != nil {
		revision = q.revision
		q.prune(now)
		if len(q.items) == 0 {
			delete(w.byNode, nodeID)
		}
		queued = q.sorted()
	}
	items := queued[:min(len(queued), maxItems)]
	items = append([]protocol.NodePendingItem{}, items...)
	hasStatus := slices.ContainsFunc(queued, func(it protocol.NodePendingItem) bool {
		return it.Type == protocol.NodePendingWorkTypeStatusRequest
	})
	baseline := false
	if !hasStatus && len(items) < maxItems {
		items = append(items, protocol.NodePendingItem{
			ID: baselineStatusID, Type: protocol.NodePendingWorkTypeStatusRequest,
			Priority: protocol.NodePendingItemPriorityDefault, CreatedAtMs: now.UnixMilli(),
			ExpiresAtMs: protocol.NewNull[int64](),
		})
		baseline = true
	}
	explicit := len(items)
	if baseline {
		explicit--
	}
	hasMore := len(queued) > explicit || !hasStatus && !baseline
	return &protocol.NodePendingDrainResult{Revision: revision, Items: items, HasMore: hasMore}
}

// prune drops expired items; a change bumps the revision.
func (q *workQueue) prune(now time.Time) {
	changed := false
	for id, it := range q.items {
		if it.ExpiresAtMs.Value != nil && *it.ExpiresAtMs.Value <= now.UnixMilli() {
			delete(q.items, id)
			changed = true
		}
	}
	if changed {
		q.revision++
	}
}

// sorted lists the items by priority (highest first), age, then id.
func (q *workQueue) sorted() []protocol.NodePendingItem {
	out := make([]protocol.NodePendingItem, 0, len(q.items))
	for _, it := range q.items {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b protocol.NodePendingItem) int {
		return cmp.Or(cmp.Compare(priorityRank[b.Priority], priorityRank[a.Priority]),
			cmp.Compare(a.CreatedAtMs, b.CreatedAtMs), strings.Compare(a.ID, b.ID))
	})
	return out
}
