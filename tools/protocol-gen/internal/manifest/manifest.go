// Package manifest reads the protocol manifest (manifest.json): it checks
// the file against its meta-schema, decodes it strictly with located
// errors, and resolves each params, result and payload reference to the
// named model type generated for it.
package manifest

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"

// Manifest is manifest.json decoded.
type Manifest struct {
	// Protocol is the protocol version.
	Protocol int64
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
	// Node and Pointer locate the entry in manifest.json.
	Node    *jsonnode.Node
	Pointer string
}

// Event is one manifest event entry.
type Event struct {
	Name    string
	Summary string
	Payload Ref
	// StateVersion is set when its broadcasts carry the state versions.
	StateVersion bool
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
