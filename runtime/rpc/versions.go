package rpc

import (
	"slices"
	"sync"
)

// Protocols are the protocol versions a gateway speaks, as the manifest
// declares them.
type Protocols struct {
	// Current is the version offered to every client whose range
	// includes it.
	Current int
	// Accepted lists every version a connection may negotiate, ascending.
	Accepted []int
	// NodeMin and ProbeMin are the lowest versions a node host and a
	// probe may negotiate when their range does not include Current.
	NodeMin, ProbeMin int
	// AuthorizationError is the error code of a call without the scope it
	// needs, by version.
	AuthorizationError map[int]string
}

// Accepts reports whether v is one of the accepted versions.
func (p *Protocols) Accepts(v int) bool { return slices.Contains(p.Accepted, v) }

// MethodVersion is what a method is at one version where that differs
// from its entry. Empty Params or Result keep the entry's; Scope replaces
// the entry's scope only when ScopeSet is true ("" then means none).
type MethodVersion struct {
	Scope          string
	ScopeSet       bool
	Params, Result string
}

// EventVersion is what an event is at one version where that differs from
// its entry: the payload schema.
type EventVersion struct {
	Payload string
}

// AppliesTo reports whether the event exists at protocol version v.
func (e *EventSpec) AppliesTo(v int) bool {
	return (e.Since == 0 || v >= e.Since) && (e.Until == 0 || v <= e.Until)
}

// views caches the views of each whole manifest, by version.
var views sync.Map // *Manifest -> map[int]*Manifest

// At returns the manifest's view at protocol version v: the methods and
// events that exist at v with their per-version overrides applied, and
// Protocol set to v. Views are built once per manifest, for every
// accepted version; At of a version that is not accepted returns nil.
// At of a view is At of the whole manifest.
func (m *Manifest) At(v int) *Manifest {
	whole := m
	if m.whole != nil {
		whole = m.whole
	}
	if cached, ok := views.Load(whole); ok {
		return cached.(map[int]*Manifest)[v]
	}
	built := map[int]*Manifest{}
	for _, version := range whole.Protocols.Accepted {
		built[version] = whole.view(version)
	}
	cached, _ := views.LoadOrStore(whole, built)
	return cached.(map[int]*Manifest)[v]
}

// view builds the manifest at version v.
func (m *Manifest) view(v int) *Manifest {
	out := *m
	out.Protocol, out.whole = v, m
	out.Methods, out.Events = nil, nil
	for _, s := range m.Methods {
		if s.AppliesTo(v) {
			out.Methods = append(out.Methods, methodAt(s, v))
		}
	}
	for _, e := range m.Events {
		if e.AppliesTo(v) {
			out.Events = append(out.Events, eventAt(e, v))
		}
	}
	return &out
}

// methodAt returns the spec with the overrides of version v applied.
func methodAt(s MethodSpec, v int) MethodSpec {
	o, ok := s.Versions[v]
	if !ok {
		return s
	}
	if o.ScopeSet {
		s.Scope = o.Scope
	}
	if o.Params != "" {
		s.Params = o.Params
	}
	if o.Result != "" {
		s.Result = o.Result
	}
	return s
}

// eventAt returns the event with the payload override of version v
// applied.
func eventAt(e EventSpec, v int) EventSpec {
	if o, ok := e.Versions[v]; ok && o.Payload != "" {
		e.Payload = o.Payload
	}
	return e
}

// Client modes the version negotiation tells apart (connect's
// client.mode; a test proves they are values of the generated enum).
const (
	ClientModeNode  = "node"
	ClientModeProbe = "probe"
)

// Negotiate picks the version of a connection whose client offered
// [min, max] with the given role and client mode: the highest accepted
// version in that range, where a node host (role and mode node) may go
// down to NodeMin, a probe (mode probe) to ProbeMin, and any other client
// to the lowest accepted version. ok is false when there is none: the
// client's range and the gateway's do not meet.
func (p *Protocols) Negotiate(minV, maxV int, role Role, mode string) (v int, ok bool) {
	floor := 0
	if len(p.Accepted) > 0 {
		floor = p.Accepted[0]
	}
	switch {
	case role == RoleNode && mode == ClientModeNode && p.NodeMin != 0:
		floor = p.NodeMin
	case mode == ClientModeProbe && p.ProbeMin != 0:
		floor = p.ProbeMin
	}
	for i := len(p.Accepted) - 1; i >= 0; i-- {
		if a := p.Accepted[i]; a >= floor && a >= minV && a <= maxV {
			return a, true
		}
	}
	return 0, false
}

// Versioned is a value whose wire shape depends on the protocol version:
// the generated types whose schema has x-since or x-until marks.
// ForProtocol returns a copy without the members that do not exist at v.
type Versioned interface {
	ForProtocol(v int) any
}

// Shape returns value shaped for protocol version v: ForProtocol's copy
// for a Versioned value, value itself otherwise.
func Shape(value any, v int) any {
	if x, ok := value.(Versioned); ok {
		return x.ForProtocol(v)
	}
	return value
}
