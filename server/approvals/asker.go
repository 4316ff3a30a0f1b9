package approvals

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// asker is who opens or uses an approval: a connection (its call, id and
// device) or an in-process agent run.
type asker struct {
	call     *rpc.Call // nil for a run
	connID   string
	deviceID string
	runID    string
}

// askerOf is the connection behind call.
func askerOf(call *rpc.Call) asker {
	a := asker{call: call, connID: call.ConnID}
	if call.Peer != nil {
		a.deviceID = call.Peer.Identity.DeviceID
	}
	return a
}

// Requester is an in-process requester of approvals: an agent run of
// this gateway (its exec tool). An approval it opens can be used only by
// the same run, and a connection's approval never by a run.
type Requester struct {
	// RunID identifies the run.
	RunID string
}

// errNoRun refuses an in-process request without a run id.
var errNoRun = errors.New("approvals: an in-process requester needs a run id")

// RequestFor opens an approval on behalf of a run, announces it to the
// approvers (exec.approval.requested, as for a connection's request) and
// waits for the decision. The decision is null at once when no
// connection could decide, and null when the approval expired. Ending
// ctx (the run was aborted) ends the wait and expires the approval.
func (s *Service) RequestFor(ctx context.Context, who Requester, p *protocol.ExecApprovalRequestParams) (*protocol.ExecApprovalRequestResult, error) {
	if who.RunID == "" {
		return nil, errNoRun
	}
	command, err := checkRequest(p)
	if err != nil {
		return nil, err
	}
	r, err := s.open(p, command, asker{runID: who.RunID})
	if err != nil {
		return nil, err
	}
	if _, err := s.requested.Broadcast(new(pendingView(r))); err != nil {
		return nil, err
	}
	if !s.hasApprover("", protocol.Manifest.Scopes) {
		s.store.settle(r, nil, Grace)
		return final(r, nil), nil
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		s.store.expire(r)
		return nil, ctx.Err()
	}
	_, decision := s.store.state(r)
	return final(r, decision), nil
}

// ForwardSystemRunFor is ForwardSystemRun for a run: the system.run
// params to send to the node, where approved and approvalDecision are
// kept only when params.runId names an approval this run opened for this
// node, decided allow-once (used up here) or allow-always; then the
// stored plan replaces the command, and the gateway sets the decision
// (security invariant 10).
func (s *Service) ForwardSystemRunFor(who Requester, nodeID string, raw json.RawMessage) (json.RawMessage, error) {
	if who.RunID == "" {
		return nil, errNoRun
	}
	return s.forward(asker{runID: who.RunID}, nodeID, raw)
}
