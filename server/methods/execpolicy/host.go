package execpolicy

import (
	"context"
	"errors"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// ExecApprovalsGet answers the gateway host's policy file, creating it
// (empty) when it is missing, as v3 does.
func (s *Service) ExecApprovalsGet(context.Context, *rpc.Call, *protocol.ExecApprovalsGetParams) (*protocol.ExecApprovalsSnapshot, error) {
	snap, err := s.deps.Store.Ensure()
	if err != nil {
		return nil, wire.Unavailable("%s", err.Error())
	}
	return snap.WireResolved(), nil
}

// ExecApprovalsSet replaces the gateway host's policy file; baseHash
// must name the file as it is now.
func (s *Service) ExecApprovalsSet(_ context.Context, _ *rpc.Call, p *protocol.ExecApprovalsSetParams) (*protocol.ExecApprovalsSnapshot, error) {
	if _, err := s.deps.Store.Ensure(); err != nil {
		return nil, wire.Unavailable("%s", err.Error())
	}
	base := ""
	if p.BaseHash != nil {
		base = *p.BaseHash
	}
	snap, err := s.deps.Store.Set(p.File, base)
	switch {
	case errors.Is(err, execapprovals.ErrBaseHashRequired):
		return nil, wire.InvalidRequest("exec approvals base hash required; re-run exec.approvals.get and retry")
	case errors.Is(err, execapprovals.ErrChanged):
		return nil, wire.InvalidRequest("exec approvals changed since last load; re-run exec.approvals.get and retry")
	case err != nil:
		return nil, wire.Unavailable("%s", err.Error())
	}
	return snap.WireResolved(), nil
}
