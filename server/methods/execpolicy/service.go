package execpolicy

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
)

// Deps are what the policy methods need from the gateway.
type Deps struct {
	// Store is the gateway host's policy file.
	Store *execapprovals.Store
	// Relay sends a command to a connected node without the command
	// policy and returns its answer (nodes.Service.Relay).
	Relay func(ctx context.Context, nodeID, command string, params json.RawMessage) (*protocol.NodeInvokeResultParams, error)
}

// Service serves the execApprovals domain.
type Service struct{ deps Deps }

// New returns the policy methods over deps.
func New(deps Deps) *Service { return &Service{deps: deps} }

var _ protocol.ExecApprovalsHandler = (*Service)(nil)
