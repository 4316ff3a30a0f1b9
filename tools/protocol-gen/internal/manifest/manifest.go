// Package manifest reads the protocol manifest (manifest.json): it checks
// the file against its meta-schema, decodes it strictly with located
// errors, and resolves each params, result and payload reference to the
// named model type generated for it.
package manifest

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"

// Manifest is manifest.json decoded.
type Manifest struct {
	// Protocol is the current protocol version (Protocols.Current).
	Protocol int64
	// Protocols are the versions the gateway speaks.
	Protocols Protocols
	// Policy holds the limits and timers, in bytes and milliseconds.
	Policy Policy
	// ErrorCodes locates the error-code enum; Frame the frame union.
	ErrorCodes Ref
	Frame      Ref
	// Roles are the connection roles; Scopes the scope table.
	Roles  []*Role
	Scopes []*Scope
	// Methods and Events are in manifest order.
	Methods []*Method
	Events  []*Event
}

// Policy mirrors the manifest's policy object.
type Policy struct {
	MaxPayload             int64
	MaxBufferedBytes       int64
	TickIntervalMs         int64
	PreauthMaxPayload      int64
	HandshakeTimeoutMs     int64
	MaxPreauthSocketsPerIP int64
	DedupeTTLMs            int64
	DedupeMax              int64
}

// Ref is a schema location written in the manifest, e.g.
// "system.json#/$defs/HealthParams", with where it was written.
type Ref struct {
	Text    string
	Node    *jsonnode.Node
	Pointer string
}

// Method is one manifest method entry.
type Method struct {
	Name    string
	Summary string
	// Domain is the handler domain, e.g. "system".
	Domain string
	Params Ref
	Result Ref
	// Role is "operator", "node" or "any".
	Role string
	// Scope is the required operator scope; "" when the manifest says null.
	Scope          string
	IdempotencyKey bool
	// HandlerDedupes marks a method whose handler deduplicates repeated
	// idempotency keys itself instead of the gateway's reply cache.
	HandlerDedupes bool
	TwoPhase       bool
	Advertised     bool
	// Since and Until bound the protocol versions it exists in (0 for
	// unbounded).
	Since, Until int64
	// Versions are the per-version overrides, by version.
	Versions map[int64]*MethodVersion
	// Node and Pointer locate the entry in manifest.json.
	Node    *jsonnode.Node
	Pointer string
}

// MethodVersion is what a method is at one protocol version where that
// differs from its entry; an empty Ref or a nil Scope keeps the entry's.
type MethodVersion struct {
	// Scope is the required scope at this version: nil keeps the entry's,
	// a pointer to "" means none.
	Scope          *string
	Params, Result Ref
}

// Protocols mirrors the manifest's protocols object.
type Protocols struct {
	// Current is the version the gateway offers; Accepted every version a
	// connection may negotiate, ascending.
	Current  int64
	Accepted []int64
	// NodeMin and ProbeMin are the lowest versions node hosts and probes
	// may negotiate when their range does not include Current.
	NodeMin, ProbeMin int64
	// AuthorizationError is the error code of a failed authorization, by
	// version.
	AuthorizationError map[int64]string
}

// Event is one manifest event entry.
type Event struct {
	Name    string
	Summary string
	Payload Ref
	// StateVersion is set when its broadcasts carry the state versions.
	StateVersion bool
	// Since and Until bound the protocol versions it exists in (0 for
	// unbounded).
	Since, Until int64
	// Versions are the per-version payload overrides, by version.
	Versions map[int64]*Ref
	// Routes are the ways it is delivered, in manifest order.
	Routes  []*Route
	Node    *jsonnode.Node
	Pointer string
}

// Role is one entry of the manifest's role list.
type Role struct {
	Name    string
	Summary string
}

// Scope is one entry of the scope table.
type Scope struct {
	Name    string
	Role    string
	Implies []string
	Summary string
	Node    *jsonnode.Node
	Pointer string
}

// Route is one way an event is delivered.
type Route struct {
	// Target is broadcast, session, run, connection or node.
	Target string
	// Role is a role name or "any"; Scope "" for null.
	Role       string
	Scope      string
	Capability string
	// SeqFrom is 0 for null.
	SeqFrom int64
	// DropIfSlow is the boolean form; DropIfSlowWhen the conditional one.
	DropIfSlow     bool
	DropIfSlowWhen *Condition
	When           *Condition
	Since, Until   int64
	Node           *jsonnode.Node
	Pointer        string
}

// Condition compares a top-level string member of the payload.
type Condition struct {
	Member string
	Equals string
	Negate bool
	// Node and Pointer locate the condition.
	Node    *jsonnode.Node
	Pointer string
}
