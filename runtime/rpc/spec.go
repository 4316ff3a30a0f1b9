package rpc

// Role says which connection role may call a method.
type Role string

// Roles a method may require.
const (
	RoleOperator Role = "operator" // operator connections only
	RoleNode     Role = "node"     // node connections only
	RoleAny      Role = "any"      // any authenticated connection
)

// MethodSpec describes one protocol method as the manifest declares it.
type MethodSpec struct {
	// Name is the wire name, e.g. "device.pair.list".
	Name string
	// Params and Result locate the method's schemas inside the schema
	// files, e.g. "system.json#/$defs/HealthParams".
	Params string
	Result string
	// Role is the connection role allowed to call the method.
	Role Role
	// Scope is the operator scope the caller must hold; empty for none.
	Scope string
	// IdempotencyKey is true when params carry a required idempotencyKey.
	IdempotencyKey bool
	// TwoPhase is true when the method may answer "accepted" first and
	// its final result later, under the same request id.
	TwoPhase bool
	// Advertised is true when the method belongs in hello-ok features.
	Advertised bool
}

// EventSpec describes one protocol event as the manifest declares it.
type EventSpec struct {
	// Name is the wire name, e.g. "presence".
	Name string
	// Payload locates the payload schema, e.g. "system.json#/$defs/TickEvent".
	Payload string
	// Scope is the operator scope a connection needs to receive the event
	// as a broadcast; empty when every operator receives it.
	Scope string
	// ToNodes is true when node connections receive the broadcast too.
	ToNodes bool
	// DropIfSlow is true when a slow consumer skips the event instead of
	// being disconnected.
	DropIfSlow bool
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

// Manifest is the protocol manifest as typed data.
type Manifest struct {
	// Protocol is the protocol version the gateway speaks.
	Protocol int
	// Policy holds the default limits.
	Policy Policy
	// Methods and Events are in manifest order.
	Methods []MethodSpec
	Events  []EventSpec
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
func (m *Manifest) Event(name string) (EventSpec, bool) {
	for _, s := range m.Events {
		if s.Name == name {
			return s, true
		}
	}
	return EventSpec{}, false
}
