package rpc

// Target is how a route of an event picks its recipients.
type Target string

// The targets an event route may have.
const (
	// TargetBroadcast reaches every open connection the route's guard
	// allows.
	TargetBroadcast Target = "broadcast"
	// TargetSession reaches the connections subscribed to a session key.
	TargetSession Target = "session"
	// TargetRun reaches the connections that requested a run (and declared
	// the route's capability).
	TargetRun Target = "run"
	// TargetConnection reaches one connection, by connection id.
	TargetConnection Target = "connection"
	// TargetNode reaches the connections of one node, by node id.
	TargetNode Target = "node"
)

// Condition compares a top-level string member of an event payload with
// a value.
type Condition struct {
	// Member is the payload member's JSON name; "" for no condition.
	Member string
	// Equals is the value compared against.
	Equals string
	// Negate makes the condition hold when the member differs.
	Negate bool
}

// Holds reports whether the condition holds for a member's value; the
// empty condition always holds.
func (c Condition) Holds(value string) bool {
	if c.Member == "" {
		return true
	}
	return (value == c.Equals) != c.Negate
}

// RouteSpec is one way an event is delivered, as the manifest declares it.
type RouteSpec struct {
	// Target picks the recipients.
	Target Target
	// Role restricts recipients to one role; RoleAny (or "") for every
	// role the rest of the route allows. A broadcast names RoleAny to
	// reach nodes too and RoleOperator to leave them out.
	Role Role
	// Scope is the scope an operator recipient must hold; "" for none.
	Scope string
	// Capability is the connect capability a recipient must have
	// declared; "" for none.
	Capability string
	// SeqFrom is the lowest negotiated protocol version whose
	// connections get a seq on this route; 0 for never.
	SeqFrom int
	// DropIfSlow says when a slow consumer skips the event instead of
	// being closed: always when set, else when DropIfSlowWhen holds.
	DropIfSlow     bool
	DropIfSlowWhen Condition
	// When restricts the route to payloads for which it holds.
	When Condition
	// Since and Until bound the protocol versions the route applies to
	// (0 for unbounded).
	Since, Until int
}

// AppliesTo reports whether the route exists at protocol version v.
func (r *RouteSpec) AppliesTo(v int) bool {
	return (r.Since == 0 || v >= r.Since) && (r.Until == 0 || v <= r.Until)
}

// Seq reports whether a connection that negotiated version v gets a
// seq on this route.
func (r *RouteSpec) Seq(v int) bool { return r.SeqFrom != 0 && v >= r.SeqFrom }

// Admits applies the route's role, scope and capability guard to a
// recipient, judging scopes with table.
func (r *RouteSpec) Admits(table ScopeTable, p *Peer) bool {
	if r.Role != "" && r.Role != RoleAny && p.Role != r.Role {
		return false
	}
	if r.Capability != "" && !p.HasCap(r.Capability) {
		return false
	}
	if r.Scope != "" && p.Role == RoleOperator {
		return table.Satisfies(p.Role, p.Scopes, r.Scope)
	}
	return true
}
