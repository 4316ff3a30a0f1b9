package nodes

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// The foreground queue: an iOS node in the background answers a canvas,
// camera, screen or talk command with NODE_BACKGROUND_UNAVAILABLE; the
// gateway keeps the command and the node pulls it (node.pending.pull)
// once it is in the foreground again, then acknowledges it
// (node.pending.ack). In memory, as in v3.
const (
	foregroundActionTTL = 10 * time.Minute
	maxForegroundQueue  = 64
)

// foregroundAction is a command kept for a node until it returns to the
// foreground.
type foregroundAction struct {
	id, command, idempotencyKey string
	paramsJSON                  *string
	enqueuedAt                  time.Time
}

// foregroundQueues holds the kept commands per node.
type foregroundQueues struct {
	mu     sync.Mutex
	byNode map[string][]foregroundAction
}

// NodePendingPull lists the calling node's kept commands that it may
// still be invoked with (declared and allowlisted); the others are
// dropped.
func (s *Service) NodePendingPull(ctx context.Context, call *rpc.Call, _ *protocol.NodePendingPullParams) (*protocol.NodePendingPullResult, error) {
	nodeID := callerNodeID(call, "")
	if nodeID == "" {
		return nil, wire.InvalidRequest("nodeId required")
	}
	allowed := func(command string) bool { return false }
	if l, ok := s.liveConn(call.ConnID); ok {
		allowed = func(command string) bool { return s.checkCommand(ctx, l, command) == nil }
	}
	kept := s.foreground.keep(nodeID, s.deps.Now(), allowed)
	out := &protocol.NodePendingPullResult{NodeID: nodeID, Actions: make([]protocol.NodePendingAction, 0, len(kept))}
	for _, a := range kept {
		out.Actions = append(out.Actions, protocol.NodePendingAction{
			ID: a.id, Command: a.command, ParamsJSON: a.paramsJSON, EnqueuedAtMs: a.enqueuedAt.UnixMilli(),
		})
	}
	return out, nil
}

// NodePendingAck forgets the calling node's kept commands with the given
// ids and says how many remain; the ids are answered deduplicated.
func (s *Service) NodePendingAck(_ context.Context, call *rpc.Call, p *protocol.NodePendingAckParams) (*protocol.NodePendingAckResult, error) {
	nodeID := callerNodeID(call, "")
	if nodeID == "" {
		return nil, wire.InvalidRequest("nodeId required")
	}
	ids := []string{}
	for _, id := range p.IDs {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	remaining := s.foreground.ack(nodeID, ids, s.deps.Now())
	return &protocol.NodePendingAckResult{NodeID: nodeID, AckedIDs: ids, RemainingCount: int64(remaining)}, nil
}

// queueForeground keeps a command an iOS node could not run in the
// background and returns the error the caller gets instead of the node's;
// it returns nil for any other result.
func (s *Service) queueForeground(l Live, p *protocol.NodeInvokeParams, r *protocol.NodeInvokeResultParams) error {
	nodeErr := r.Error
	if r.Ok || !backgroundRefusal(l.Peer.Identity.Platform, p.Command, nodeErr.Value) {
		return nil
	}
	a := foregroundAction{id: uuid.NewString(), command: p.Command, idempotencyKey: p.IdempotencyKey, enqueuedAt: s.deps.Now()}
	a.paramsJSON = paramsText(p.Params)
	a = s.foreground.add(p.NodeID, a)
	var errObj any
	if nodeErr.Value != nil {
		errObj = nodeErr.Value
	}
	e := wire.Unavailable("node command queued until iOS returns to foreground").WithDetails(map[string]any{
		"code": "QUEUED_UNTIL_FOREGROUND", "queuedActionId": a.id, "nodeId": p.NodeID, "command": p.Command,
		"wake":      map[string]any{"path": "no-registration", "available": false, "throttled": false},
		"nodeError": errObj,
	})
	yes := true
	e.Retryable = &yes
	return e
}

// backgroundRefusal reports whether an iOS or iPadOS node refused a
// foreground-only command because it is in the background.
func backgroundRefusal(platform, command string, e *protocol.NodeInvokeError) bool {
	platform = strings.ToLower(strings.TrimSpace(platform))
	if !strings.HasPrefix(platform, "ios") && !strings.HasPrefix(platform, "ipados") {
		return false
	}
	if !slices.ContainsFunc([]string{"canvas.", "camera.", "screen.", "talk."}, func(p string) bool {
		return strings.HasPrefix(command, p)
	}) || e == nil {
		return false
	}
	code, msg := "", ""
	if e.Code != nil {
		code = strings.ToUpper(strings.TrimSpace(*e.Code))
	}
	if e.Message != nil {
		msg = strings.ToUpper(strings.TrimSpace(*e.Message))
	}
	return code == "NODE_BACKGROUND_UNAVAILABLE" || strings.Contains(msg, "BACKGROUND_UNAVAILABLE")
}

// add keeps a, unless a live one has the same idempotency key (that one
// is returned); the oldest beyond maxForegroundQueue are dropped.
func (f *foregroundQueues) add(nodeID string, a foregroundAction) foregroundAction {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.prune(nodeID, a.enqueuedAt)
	if i := slices.IndexFunc(q, func(x foregroundAction) bool { return x.idempotencyKey == a.idempotencyKey }); i >= 0 {
		return q[i]
	}
	q = append(q, a)
	if len(q) > maxForegroundQueue {
		q = q[len(q)-maxForegroundQueue:]
	}
	f.set(nodeID, q)
	return a
}

// keep returns a node's live actions that pass allowed, dropping the rest.
func (f *foregroundQueues) keep(nodeID string, now time.Time, allowed func(string) bool) []foregroundAction {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := slices.DeleteFunc(f.prune(nodeID, now), func(a foregroundAction) bool { return !allowed(a.command) })
	f.set(nodeID, q)
	return slices.Clone(q)
}

// ack drops the actions with ids and returns how many remain.
func (f *foregroundQueues) ack(nodeID string, ids []string, now time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := slices.DeleteFunc(f.prune(nodeID, now), func(a foregroundAction) bool { return slices.Contains(ids, a.id) })
	f.set(nodeID, q)
	return len(q)
}

// prune drops a node's actions older than the TTL and returns the rest.
func (f *foregroundQueues) prune(nodeID string, now time.Time) []foregroundAction {
	q := slices.DeleteFunc(f.byNode[nodeID], func(a foregroundAction) bool {
		return now.Sub(a.enqueuedAt) > foregroundActionTTL
	})
	f.set(nodeID, q)
	return q
}

// set stores a node's queue, forgetting an empty one.
func (f *foregroundQueues) set(nodeID string, q []foregroundAction) {
	if len(q) == 0 {
		delete(f.byNode, nodeID)
		return
	}
	if f.byNode == nil {
		f.byNode = map[string][]foregroundAction{}
	}
	f.byNode[nodeID] = q
}

// paramsText is the invoke params as compact JSON text, as v3 re-encodes
// them; nil without params.
func paramsText(raw json.RawMessage) *string {
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return nil
	}
	text := b.String()
	return &text
}
