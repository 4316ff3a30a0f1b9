package manifest

import (
	"fmt"
	"regexp"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// decoder reads manifest members strictly, collecting located errors.
type decoder struct {
	doc  *load.Document
	errs load.Errors
}

func (d *decoder) fail(n *jsonnode.Node, ptr, format string, args ...any) {
	d.errs = append(d.errs, d.doc.ErrorAt(n, ptr, format, args...))
}

// object checks that n is an object with exactly the allowed members
// (those marked true are required) and returns a member lookup.
func (d *decoder) object(n *jsonnode.Node, ptr string, members map[string]bool) bool {
	if n.Kind != jsonnode.Object {
		d.fail(n, ptr, "must be an object")
		return false
	}
	for i := range n.Members {
		m := &n.Members[i]
		if _, ok := members[m.Key]; !ok {
			d.errs = append(d.errs, d.doc.KeyErrorAt(m, jsonnode.Join(ptr, m.Key), "unknown member %q", m.Key))
		}
	}
	for name, required := range members {
		if required && n.Get(name) == nil {
			d.fail(n, ptr, "missing member %q", name)
		}
	}
	return true
}

func (d *decoder) str(n *jsonnode.Node, ptr, key string) string {
	v := n.Get(key)
	if v == nil {
		return ""
	}
	if v.Kind != jsonnode.String {
		d.fail(v, jsonnode.Join(ptr, key), "must be a string")
		return ""
	}
	return v.Text
}

// nullableStr reads a member that is a string or null.
func (d *decoder) nullableStr(n *jsonnode.Node, ptr, key string) string {
	if v := n.Get(key); v != nil && v.Kind == jsonnode.Null {
		return ""
	}
	return d.str(n, ptr, key)
}

func (d *decoder) boolean(n *jsonnode.Node, ptr, key string) bool {
	v := n.Get(key)
	if v == nil {
		return false
	}
	if v.Kind != jsonnode.Bool {
		d.fail(v, jsonnode.Join(ptr, key), "must be a boolean")
		return false
	}
	return v.Bool
}

func (d *decoder) integer(n *jsonnode.Node, ptr, key string) int64 {
	v := n.Get(key)
	if v == nil {
		return 0
	}
	i, ok := v.Int()
	if !ok || i < 0 {
		d.fail(v, jsonnode.Join(ptr, key), "must be a non-negative integer")
	}
	return i
}

func (d *decoder) ref(n *jsonnode.Node, ptr, key string) Ref {
	v := n.Get(key)
	text := d.str(n, ptr, key)
	if v == nil {
		return Ref{Node: n, Pointer: ptr}
	}
	if text == "" && v.Kind == jsonnode.String {
		d.fail(v, jsonnode.Join(ptr, key), "must name a schema location")
	}
	return Ref{Text: text, Node: v, Pointer: jsonnode.Join(ptr, key)}
}

// Decode reads a manifest document strictly.
func Decode(doc *load.Document) (*Manifest, error) {
	d := &decoder{doc: doc}
	root := doc.Root
	if !d.object(root, "", map[string]bool{"$schema": false, "protocols": true, "policy": true, "errorCodes": true, "frame": true, "roles": true, "scopes": true, "methods": true, "events": true}) {
		return nil, d.errs.Err()
	}
	m := &Manifest{
		ErrorCodes: d.ref(root, "", "errorCodes"),
		Frame:      d.ref(root, "", "frame"),
	}
	if p := root.Get("protocols"); p != nil {
		m.Protocols = d.protocols(p, "/protocols")
		m.Protocol = m.Protocols.Current
	}
	if p := root.Get("policy"); p != nil {
		m.Policy = d.policy(p, "/policy")
	}
	m.Roles = d.roles(root.Get("roles"), "/roles")
	m.Scopes = d.scopes(root.Get("scopes"), "/scopes")
	m.Methods = d.methods(root.Get("methods"), "/methods")
	m.Events = d.events(root.Get("events"), "/events")
	d.checkNames(m)
	d.checkPolicy(m)
	d.checkVersions(m)
	return m, d.errs.Err()
}

var policyMembers = map[string]bool{
	"maxPayload": true, "maxBufferedBytes": true, "tickIntervalMs": true, "preauthMaxPayload": true,
	"handshakeTimeoutMs": true, "maxPreauthSocketsPerIp": true, "dedupeTtlMs": true, "dedupeMax": true,
}

func (d *decoder) policy(n *jsonnode.Node, ptr string) Policy {
	if !d.object(n, ptr, policyMembers) {
		return Policy{}
	}
	return Policy{
		MaxPayload:             d.integer(n, ptr, "maxPayload"),
		MaxBufferedBytes:       d.integer(n, ptr, "maxBufferedBytes"),
		TickIntervalMs:         d.integer(n, ptr, "tickIntervalMs"),
		PreauthMaxPayload:      d.integer(n, ptr, "preauthMaxPayload"),
		HandshakeTimeoutMs:     d.integer(n, ptr, "handshakeTimeoutMs"),
		MaxPreauthSocketsPerIP: d.integer(n, ptr, "maxPreauthSocketsPerIp"),
		DedupeTTLMs:            d.integer(n, ptr, "dedupeTtlMs"),
		DedupeMax:              d.integer(n, ptr, "dedupeMax"),
	}
}

var methodMembers = map[string]bool{
	"name": true, "summary": true, "domain": true, "since": false, "until": false, "params": true, "result": true, "role": true, "scope": true,
	"idempotencyKey": true, "twoPhase": true, "advertised": true, "handlerDedupes": false, "versions": false,
}

func (d *decoder) methods(list *jsonnode.Node, ptr string) []*Method {
	var out []*Method
	for i, n := range d.array(list, ptr) {
		at := jsonnode.Join(ptr, fmt.Sprint(i))
		if !d.object(n, at, methodMembers) {
			continue
		}
		m := &Method{
			Name: d.str(n, at, "name"), Summary: d.str(n, at, "summary"), Domain: d.str(n, at, "domain"),
			Params: d.ref(n, at, "params"), Result: d.ref(n, at, "result"),
			Role: d.str(n, at, "role"), Scope: d.nullableStr(n, at, "scope"),
			IdempotencyKey: d.boolean(n, at, "idempotencyKey"), HandlerDedupes: d.boolean(n, at, "handlerDedupes"), TwoPhase: d.boolean(n, at, "twoPhase"),
			Advertised: d.boolean(n, at, "advertised"), Since: d.integer(n, at, "since"), Until: d.integer(n, at, "until"),
			Versions: d.methodVersions(n, at), Node: n, Pointer: at,
		}
		out = append(out, m)
	}
	return out
}

var eventMembers = map[string]bool{
	"name": true, "summary": true, "payload": true, "stateVersion": false, "routes": true,
	"since": false, "until": false, "versions": false,
}

func (d *decoder) events(list *jsonnode.Node, ptr string) []*Event {
	var out []*Event
	for i, n := range d.array(list, ptr) {
		at := jsonnode.Join(ptr, fmt.Sprint(i))
		if !d.object(n, at, eventMembers) {
			continue
		}
		out = append(out, &Event{
			Name: d.str(n, at, "name"), Summary: d.str(n, at, "summary"), Payload: d.ref(n, at, "payload"),
			StateVersion: d.boolean(n, at, "stateVersion"),
			Since:        d.integer(n, at, "since"), Until: d.integer(n, at, "until"), Versions: d.eventVersions(n, at),
			Routes: d.routes(n.Get("routes"), jsonnode.Join(at, "routes")), Node: n, Pointer: at,
		})
	}
	return out
}

func (d *decoder) array(n *jsonnode.Node, ptr string) []*jsonnode.Node {
	if n == nil {
		return nil
	}
	if n.Kind != jsonnode.Array {
		d.fail(n, ptr, "must be an array")
		return nil
	}
	return n.Items
}

// wireName is what a method or event name may look like.
var wireName = regexp.MustCompile(`^[a-z][A-Za-z0-9]*([.\-][a-z][A-Za-z0-9]*)*$`)

// checkNames reports malformed, duplicate and Go-colliding names.
func (d *decoder) checkNames(m *Manifest) {
	for _, kind := range []struct {
		label string
		list  []named
	}{{"method", methodNames(m)}, {"event", eventNames(m)}} {
		seen, goNames := map[string]bool{}, map[string]string{}
		for _, n := range kind.list {
			nameNode := n.node.Get("name")
			if nameNode == nil || nameNode.Kind != jsonnode.String {
				continue
			}
			at := jsonnode.Join(n.ptr, "name")
			goName := names.Pascal(n.name)
			switch {
			case !wireName.MatchString(n.name):
				d.fail(nameNode, at, "%s name %q must be dot- or dash-separated words starting with a lower-case letter", kind.label, n.name)
			case seen[n.name]:
				d.fail(nameNode, at, "%s %q is listed twice", kind.label, n.name)
			case goNames[goName] != "":
				d.fail(nameNode, at, "%s %q has the same Go name (%s) as %q", kind.label, n.name, goName, goNames[goName])
			}
			seen[n.name], goNames[goName] = true, n.name
		}
	}
}

type named struct {
	name string
	node *jsonnode.Node
	ptr  string
}

func methodNames(m *Manifest) []named {
	out := make([]named, len(m.Methods))
	for i, x := range m.Methods {
		out[i] = named{x.Name, x.Node, x.Pointer}
	}
	return out
}

func eventNames(m *Manifest) []named {
	out := make([]named, len(m.Events))
	for i, x := range m.Events {
		out[i] = named{x.Name, x.Node, x.Pointer}
	}
	return out
}
