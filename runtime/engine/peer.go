package engine

import (
	"slices"
	"strings"
)

// Operator scopes with special meaning to authorization.
const (
	ScopeAdmin = "operator.admin"
	ScopeRead  = "operator.read"
	ScopeWrite = "operator.write"
)

// Peer is who a connection acts as once its handshake succeeded.
type Peer struct {
	// Role is the negotiated role as the client sent it ("operator" or
	// "node" for a valid connection).
	Role string
	// Scopes are the scopes the server granted (never the ones a client
	// merely declared).
	Scopes []string
	// Data is server-specific session state.
	Data any
}

// HasScope reports whether the peer's scopes satisfy want: operator.admin
// satisfies every operator scope, operator.write satisfies operator.read,
// anything else must be held literally.
func (p *Peer) HasScope(want string) bool {
	return ScopesSatisfy(p.Scopes, want)
}

// ScopesSatisfy reports whether held satisfies want under the operator
// scope implications (see Peer.HasScope).
func ScopesSatisfy(held []string, want string) bool {
	if slices.Contains(held, want) {
		return true
	}
	if !strings.HasPrefix(want, "operator.") {
		return false
	}
	if slices.Contains(held, ScopeAdmin) {
		return true
	}
	return want == ScopeRead && slices.Contains(held, ScopeWrite)
}
