package rpc

import "github.com/gatewire/gatewire/runtime/wire"

// FailClosedScope is the scope a method the manifest does not know
// requires, so that only an admin learns it does not exist.
const FailClosedScope = "operator.admin"

// Authorize is the gateway's one authorization judgment (security
// invariant 12): every entry path that acts as a method — a WebSocket
// call, a slash command in chat.send, an HTTP endpoint — asks it with the
// method it acts as. A method of role "any" is served to every valid
// role; otherwise the caller's role must be the method's, and an operator
// must hold the method's scope (judged by the manifest's scope table). A
// method the manifest does not know (known false) is an operator method
// that requires operator.admin (fail closed). roleDenied reports an
// "unauthorized role" refusal, which counts toward the flood guard.
func (m *Manifest) Authorize(p *Peer, spec MethodSpec, known bool) (err *wire.Error, roleDenied bool) {
	if known && spec.Role == RoleAny {
		return nil, false
	}
	wantRole, required := RoleOperator, FailClosedScope
	if known {
		wantRole, required = spec.Role, spec.Scope
	}
	if p.Role != wantRole || !m.ValidRole(p.Role) {
		return wire.InvalidRequest("unauthorized role: %s", p.Role), true
	}
	if p.Role != RoleOperator || required == "" {
		return nil, false
	}
	if !m.Scopes.Satisfies(p.Role, p.Scopes, required) {
		return m.Protocols.MissingScope(p.Protocol, required, required), false
	}
	return nil, false
}

// MissingScopeDetails is the details of a FORBIDDEN "missing scope"
// failure (errors.json MissingScopeErrorDetails, bound to this type).
type MissingScopeDetails struct {
	// Code is always "MISSING_SCOPE".
	Code string `json:"code"`
	// MissingScope is the scope the caller lacks.
	MissingScope string `json:"missingScope"`
	// RequiredScopes are the scopes the method needs.
	RequiredScopes []string `json:"requiredScopes"`
}

// MissingScope is the refusal of a caller at protocol version that lacks
// scope missing, of the scopes required: "missing scope: <missing>" with
// the version's authorization error code, and MissingScopeDetails when
// that code is FORBIDDEN. The engine's scope check and every handler that
// checks further scopes itself answer with it.
func (p *Protocols) MissingScope(version int, missing string, required ...string) *wire.Error {
	code := p.AuthorizationError[version]
	if code == "" {
		code = wire.CodeInvalidRequest
	}
	e := wire.Errorf(code, "missing scope: %s", missing)
	if code == wire.CodeForbidden {
		e.Details = MissingScopeDetails{Code: "MISSING_SCOPE", MissingScope: missing, RequiredScopes: append([]string{}, required...)}
	}
	return e
}

// AuthorizeAs judges p acting as method (by name), with Authorize.
func (m *Manifest) AuthorizeAs(p *Peer, method string) *wire.Error {
	spec, known := m.Method(method)
	err, _ := m.Authorize(p, spec, known)
	return err
}
