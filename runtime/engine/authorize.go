package engine

import (
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Roles a connection may hold.
const (
	RoleOperator = string(rpc.RoleOperator)
	RoleNode     = string(rpc.RoleNode)
)

// healthMethod is callable by every authenticated connection.
const healthMethod = "health"

// authorize applies the protocol's method authorization to one call: the
// role gate from the manifest, then the operator's scope. A method the
// manifest does not know requires operator.admin (fail closed), so only an
// admin learns that it does not exist. roleDenied reports an "unauthorized
// role" refusal, which counts toward the flood guard.
func authorize(p *Peer, method string, spec rpc.MethodSpec, known bool) (err *wire.Error, roleDenied bool) {
	if method == healthMethod {
		return nil, false
	}
	if p.Role != RoleOperator && p.Role != RoleNode {
		return wire.InvalidRequest("unauthorized role: %s", p.Role), true
	}
	wantRole := RoleOperator
	if known && spec.Role == rpc.RoleNode {
		wantRole = RoleNode
	}
	if p.Role != wantRole {
		return wire.InvalidRequest("unauthorized role: %s", p.Role), true
	}
	if p.Role == RoleNode || p.HasScope(ScopeAdmin) {
		return nil, false
	}
	required := ScopeAdmin
	if known && spec.Scope != "" {
		required = spec.Scope
	}
	if !p.HasScope(required) {
		return wire.InvalidRequest("missing scope: %s", required), false
	}
	return nil, false
}
