package approvals

import (
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

const (
	// DefaultTimeout is how long an approval stays open without timeoutMs.
	DefaultTimeout = 30 * time.Minute
	// Grace is how long a decided or expired approval is kept, so that
	// waitDecision and a repeated resolve still find it.
	Grace = 15 * time.Second
	// scopeApprovals is the scope that makes a connection an approver.
	scopeApprovals = string(protocol.OperatorScopeApprovals)
)

// Deps is what the approvals service needs from the gateway.
type Deps struct {
	// Publisher carries the exec.approval.* events.
	Publisher rpc.Publisher
	// Peers calls fn for every connection that finished its handshake,
	// until fn returns false.
	Peers func(fn func(connID string, p *rpc.Peer) bool)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Service holds the approvals and serves the approvals domain.
type Service struct {
	deps      Deps
	store     *store
	requested protocol.ExecApprovalRequestedEmitter
	resolved  protocol.ExecApprovalResolvedEmitter
}

// New returns an empty approvals service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{
		deps: d, store: newStore(),
		requested: protocol.NewExecApprovalRequestedEmitter(d.Publisher),
		resolved:  protocol.NewExecApprovalResolvedEmitter(d.Publisher),
	}
}

// hasApprover reports whether a connection other than connID could
// decide: an operator holding operator.approvals or operator.admin.
func (s *Service) hasApprover(connID string, scopes rpc.ScopeTable) bool {
	found := false
	s.deps.Peers(func(id string, p *rpc.Peer) bool {
		if id != connID && p != nil && scopes.Satisfies(p.Role, p.Scopes, scopeApprovals) {
			found = true
		}
		return !found
	})
	return found
}

// resolvedBy names a resolver: its display name, else its client id.
func resolvedBy(p *rpc.Peer) *string {
	name := p.Identity.DisplayName
	if name == "" {
		name = p.Identity.ClientID
	}
	if name == "" {
		return nil
	}
	return &name
}

// pendingView is r as listed and as announced.
func pendingView(r *record) protocol.PendingExecApproval {
	return protocol.PendingExecApproval{ID: r.id, Request: r.request, CreatedAtMs: r.createdAtMs, ExpiresAtMs: r.expiresAtMs}
}
