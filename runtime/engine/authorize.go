package engine

import (
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// authorize applies the manifest's method authorization to one call: a
// method of role "any" is served to every valid role; otherwise the
// caller's role must be the method's, and an operator must hold the
// method's scope (judged by the manifest's scope table). A method the
// manifest does not know is an operator method that requires
// operator.admin (fail closed), so only an admin learns that it does not
// exist. roleDenied reports an "unauthorized role" refusal, which counts
// toward the flood guard.
func (s *Server) authorize(p *Peer, spec rpc.MethodSpec, known bool) (err *wire.Error, roleDenied bool) {
	if known && spec.Role == rpc.RoleAny {
		return nil, false
	}
	wantRole, required := rpc.RoleOperator, failClosedScope
	if known {
		wantRole, required = spec.Role, spec.Scope
	}
	if p.Role != wantRole || !s.cfg.Manifest.ValidRole(p.Role) {
		return wire.InvalidRequest("unauthorized role: %s", p.Role), true
	}
	if p.Role != rpc.RoleOperator || required == "" {
		return nil, false
	}
	if !s.cfg.Manifest.Scopes.Satisfies(p.Role, p.Scopes, required) {
		return wire.InvalidRequest("missing scope: %s", required), false
	}
	return nil, false
}
