package rpc

// Role is a connection role, or "any" in a method's role gate.
type Role string

// Roles a method may require. The roles a connection may hold are the
// manifest's role list (Manifest.Roles); these names are the ones the
// runtime itself needs, and a test proves they equal the generated ones.
const (
	RoleOperator Role = "operator" // operator connections only
	RoleNode     Role = "node"     // node connections only
	RoleAny      Role = "any"      // any authenticated connection
)

// MethodSpec describes one protocol method as the manifest declares it.
type MethodSpec struct {
	// Name is the wire name, e.g. "device.pair.list".
	Name string
	// Domain is the handler domain the method belongs to, e.g. "system";
	// the generator emits one handler interface per domain.
	Domain string
	// Params and Result locate the method's schemas inside the schema
	// files, e.g. "system.json#/$defs/HealthParams".
	Params string
	Result string
	// Role is the connection role allowed to call the method; RoleAny
	// serves every valid role.
	Role Role
	// Scope is the scope an operator caller must hold; empty for none.
	Scope string
	// IdempotencyKey is true when params carry a required idempotencyKey.
	IdempotencyKey bool
	// HandlerDedupes is true when the handler deduplicates repeated keys
	// itself; the gateway's reply cache then leaves the method alone.
	HandlerDedupes bool
	// TwoPhase is true when the method may answer "accepted" first and
	// its final result later, under the same request id.
	TwoPhase bool
	// Advertised is true when the method belongs in hello-ok features.
	Advertised bool
	// Since and Until bound the protocol versions the method exists in
	// (0 for unbounded); at another version it is unknown.
	Since, Until int
	// Versions are the per-version overrides, by version; Manifest.At
	// applies them.
	Versions map[int]MethodVersion
}

// AppliesTo reports whether the method exists at protocol version v.
func (s *MethodSpec) AppliesTo(v int) bool {
	return (s.Since == 0 || v >= s.Since) && (s.Until == 0 || v <= s.Until)
}

// EventSpec describes one protocol event as the manifest declares it.
type EventSpec struct {
	// Name is the wire name, e.g. "presence".
	Name string
	// Payload locates the payload schema, e.g. "system.json#/$defs/TickEvent".
	Payload string
	// StateVersion is set when the event's broadcasts carry the presence
	// and health state versions.
	StateVersion bool
	// Routes are the ways the event is delivered, in manifest order.
	Routes []RouteSpec
	// Since and Until bound the protocol versions the event exists in
	// (0 for unbounded).
	Since, Until int
	// Versions are the per-version payload overrides, by version;
	// Manifest.At applies them.
	Versions map[int]EventVersion
}

// Route returns the event's first route to target that applies at the
// given protocol version.
func (e *EventSpec) Route(target Target, protocol int) (*RouteSpec, bool) {
	for i := range e.Routes {
		if r := &e.Routes[i]; r.Target == target && r.AppliesTo(protocol) {
			return r, true
		}
	}
	return nil, false
}

// Policy holds the protocol's limits and timers, in bytes and milliseconds.
type Policy struct {
	MaxPayload             int64 // frame limit after the handshake
	MaxBufferedBytes       int64 // outbound queue limit per connection
	TickIntervalMs         int64 // interval of tick events
	PreauthMaxPayload      int64 // frame limit before the handshake
	HandshakeTimeoutMs     int64 // time allowed for a successful connect
	MaxPreauthSocketsPerIP int64 // unauthenticated sockets per client IP
	DedupeTTLMs            int64 // idempotency cache entry lifetime
	DedupeMax              int64 // idempotency cache capacity
}

// Manifest is the protocol manifest as typed data: either the whole
// manifest (every method and event of every version, Protocol the current
// version) or its view at one version (Manifest.At).
type Manifest struct {
	// Protocol is the protocol version the manifest describes: the
	// current one for the whole manifest, the view's for a view.
	Protocol int
	// Protocols are the versions the gateway speaks.
	Protocols Protocols
	// Policy holds the default limits.
	Policy Policy
	// Roles are the roles a connection may hold.
	Roles []Role
	// Scopes is the scope table: every scope the protocol names and
	// what it implies.
	Scopes ScopeTable
	// Methods and Events are in manifest order.
	Methods []MethodSpec
	Events  []EventSpec
	// whole is the manifest a view was made from; nil for the whole one.
	whole *Manifest
}

// Method returns the spec of the named method.
func (m *Manifest) Method(name string) (MethodSpec, bool) {
	for _, s := range m.Methods {
		if s.Name == name {
			return s, true
		}
	}
	return MethodSpec{}, false
}

// Event returns the spec of the named event.
func (m *Manifest) Event(name string) (*EventSpec, bool) {
	for i := range m.Events {
		if m.Events[i].Name == name {
			return &m.Events[i], true
		}
	}
	return nil, false
}

// ValidRole reports whether role is one of the manifest's roles.
func (m *Manifest) ValidRole(role Role) bool {
	for _, r := range m.Roles {
		if r == role {
			return true
		}
	}
	return false
}
