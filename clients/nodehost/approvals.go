package nodehost

import (
	"context"
	"encoding/json"
	"errors"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
)

// approvalsGet serves system.execApprovals.get: the policy file as it is
// (created empty on first use), its hash and path.
func (h *Host) approvalsGet(context.Context, *gatewire.InvokeRequest) (any, error) {
	snap, err := h.approvals.Ensure()
	if err != nil {
		return nil, invalid("Error: " + err.Error())
	}
	return snap.Wire(), nil
}

// approvalsSet serves system.execApprovals.set: replaces the file when
// baseHash names its current content.
func (h *Host) approvalsSet(_ context.Context, _ *gatewire.InvokeRequest, p *protocol.SystemExecApprovalsSetParams) (any, error) {
	var f execapprovals.File
	if len(p.File) == 0 || p.File[0] != '{' || json.Unmarshal(p.File, &f) != nil {
		return nil, invalid("Error: INVALID_REQUEST: exec approvals file required")
	}
	if _, err := h.approvals.Ensure(); err != nil {
		return nil, invalid("Error: " + err.Error())
	}
	snap, err := h.approvals.Set(f, deref(p.BaseHash))
	switch {
	case errors.Is(err, execapprovals.ErrBaseHashRequired):
		return nil, invalid("Error: INVALID_REQUEST: exec approvals base hash required; reload and retry")
	case errors.Is(err, execapprovals.ErrChanged):
		return nil, invalid("Error: INVALID_REQUEST: exec approvals changed; reload and retry")
	case err != nil:
		return nil, invalid("Error: " + err.Error())
	}
	return snap.Wire(), nil
}

// nodePolicy is agentID's effective policy on this host: the file's
// values, with the node host's defaults where neither the agent,
// agents["*"] nor the defaults set one.
func nodePolicy(f execapprovals.File, agentID string) execapprovals.Policy {
	return execapprovals.ResolveNode(f, agentID)
}
