package approvals

import (
	"context"
	"strings"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

var _ protocol.ApprovalsHandler = (*Service)(nil)

// errNotFound is the get and resolve answer for an unknown id.
func errNotFound() error {
	return wire.InvalidRequest("unknown or expired approval id").WithDetails(map[string]string{"reason": "APPROVAL_NOT_FOUND"})
}

// ExecApprovalRequest opens an approval and answers with the decision:
// at once (null) when nobody could decide, otherwise once decided or
// expired; with twoPhase an "accepted" reply comes first.
func (s *Service) ExecApprovalRequest(ctx context.Context, call *rpc.Call, p *protocol.ExecApprovalRequestParams) (*protocol.ExecApprovalRequestResult, error) {
	command, err := checkRequest(p)
	if err != nil {
		return nil, err
	}
	r, err := s.open(p, command, askerOf(call))
	if err != nil {
		return nil, err
	}
	if _, err := s.requested.Broadcast(new(pendingView(r))); err != nil {
		return nil, err
	}
	if !s.hasApprover(call.ConnID, call.Scopes) {
		s.store.settle(r, nil, Grace)
		return final(r, nil), nil
	}
	if p.TwoPhase != nil && *p.TwoPhase {
		accepted := "accepted"
		if err := call.Accept(&protocol.ExecApprovalRequestResult{ID: r.id, Status: &accepted, CreatedAtMs: r.createdAtMs, ExpiresAtMs: r.expiresAtMs}); err != nil {
			return nil, err
		}
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	_, decision := s.store.state(r)
	return final(r, decision), nil
}

// open stores a new pending approval, with who asked, and arms its
// expiry.
func (s *Service) open(p *protocol.ExecApprovalRequestParams, command string, who asker) (*record, error) {
	id := wire.NewUUID()
	if p.ID != nil {
		id = *p.ID
		if strings.HasPrefix(id, "plugin:") {
			return nil, wire.InvalidRequest("approval ids starting with plugin: are reserved")
		}
	}
	timeout := DefaultTimeout
	if p.TimeoutMs != nil {
		timeout = time.Duration(*p.TimeoutMs) * time.Millisecond
	}
	now := s.deps.Now().UnixMilli()
	r := &record{
		id: id, request: payload(p, command), commandText: command, createdAtMs: now,
		expiresAtMs: now + timeout.Milliseconds(), done: make(chan struct{}),
		requestedByConn: who.connID, requestedByDevice: who.deviceID, requestedByRun: who.runID,
	}
	if p.SystemRunPlan != nil {
		r.preview = str(p.SystemRunPlan.CommandPreview)
	}
	if !s.store.add(r) {
		return nil, wire.InvalidRequest("approval id already pending")
	}
	timer := time.AfterFunc(timeout, func() { s.store.expire(r) })
	s.store.mu.Lock()
	r.timer = timer
	s.store.mu.Unlock()
	return r, nil
}

// final is the decision reply of a request.
func final(r *record, d *protocol.ExecApprovalDecision) *protocol.ExecApprovalRequestResult {
	res := &protocol.ExecApprovalRequestResult{ID: r.id, Decision: protocol.NewNull[protocol.ExecApprovalDecision](), CreatedAtMs: r.createdAtMs, ExpiresAtMs: r.expiresAtMs}
	if d != nil {
		res.Decision = protocol.NewNullable(*d)
	}
	return res
}

// ExecApprovalResolve decides a pending approval and tells the approvers.
// Repeating the decision already made is a no-op success.
func (s *Service) ExecApprovalResolve(_ context.Context, call *rpc.Call, p *protocol.ExecApprovalResolveParams) (*protocol.OkResult, error) {
	decision := protocol.ExecApprovalDecision(p.Decision)
	if !decision.Valid() {
		return nil, wire.InvalidRequest("invalid decision")
	}
	r := s.store.find(p.ID, true)
	if r == nil {
		return nil, errNotFound()
	}
	if settled, prev := s.store.state(r); settled {
		if prev != nil && *prev == decision {
			return &protocol.OkResult{Ok: true}, nil
		}
		return nil, errAlreadyResolved()
	}
	if !permitted(r.request.AllowedDecisions, decision) {
		return nil, wire.InvalidRequest("allow-always is unavailable because the effective policy requires approval every time").
			WithDetails(map[string]string{"reason": "APPROVAL_ALLOW_ALWAYS_UNAVAILABLE"})
	}
	if !s.store.settle(r, &decision, Grace) {
		return s.ExecApprovalResolve(context.Background(), call, p)
	}
	ev := &protocol.ExecApprovalResolvedEvent{ID: r.id, Decision: decision, ResolvedBy: resolvedBy(call.Peer), Ts: s.deps.Now().UnixMilli(), Request: r.request}
	if _, err := s.resolved.Broadcast(ev); err != nil {
		return nil, err
	}
	return &protocol.OkResult{Ok: true}, nil
}

// errAlreadyResolved answers a different decision on a settled approval.
func errAlreadyResolved() error {
	return wire.InvalidRequest("approval already resolved").WithDetails(map[string]string{"reason": "APPROVAL_ALREADY_RESOLVED"})
}

// permitted reports whether d is among the allowed decisions.
func permitted(allowed []protocol.ExecApprovalDecision, d protocol.ExecApprovalDecision) bool {
	for _, a := range allowed {
		if a == d {
			return true
		}
	}
	return false
}

// ExecApprovalGet describes one pending approval by id or unique prefix.
func (s *Service) ExecApprovalGet(_ context.Context, _ *rpc.Call, p *protocol.ExecApprovalGetParams) (*protocol.ExecApprovalGetResult, error) {
	r := s.store.find(p.ID, false)
	if r == nil {
		return nil, errNotFound()
	}
	return &protocol.ExecApprovalGetResult{
		ID: r.id, CommandText: r.commandText, CommandPreview: r.preview, AllowedDecisions: r.request.AllowedDecisions,
		Host: r.request.Host, NodeID: r.request.NodeID, AgentID: r.request.AgentID, ExpiresAtMs: r.expiresAtMs,
	}, nil
}

// ExecApprovalList lists the pending approvals, oldest first.
func (s *Service) ExecApprovalList(context.Context, *rpc.Call, *protocol.ExecApprovalListParams) (*protocol.ExecApprovalListResult, error) {
	recs := s.store.pending()
	out := make(protocol.ExecApprovalListResult, 0, len(recs))
	for _, r := range recs {
		out = append(out, pendingView(r))
	}
	return &out, nil
}

// ExecApprovalWaitDecision answers with the decision once made (null when
// the approval expired); during the grace period it answers at once.
func (s *Service) ExecApprovalWaitDecision(ctx context.Context, _ *rpc.Call, p *protocol.ExecApprovalWaitDecisionParams) (*protocol.ExecApprovalWaitDecisionResult, error) {
	if p.ID == nil || *p.ID == "" {
		return nil, wire.InvalidRequest("id is required")
	}
	r := s.store.find(*p.ID, true)
	if r == nil || r.id != *p.ID {
		return nil, wire.InvalidRequest("approval expired or not found")
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	_, d := s.store.state(r)
	return &protocol.ExecApprovalWaitDecisionResult{ID: r.id, Decision: d, CreatedAtMs: r.createdAtMs, ExpiresAtMs: r.expiresAtMs}, nil
}
