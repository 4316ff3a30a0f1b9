package javascript

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// protocolModule renders protocol.js: constants and tables, no logic but
// the two lookups a client needs (is a method there at a version, which
// scope does it need).
func protocolModule(m *model.Model, p *manifest.Protocol) string {
	var b strings.Builder
	b.WriteString(header(p.Source))
	b.WriteString("\n")
	b.WriteString(docBlock("", fmt.Sprintf("gatewire's protocol v%d as data: the versions, the policy, and the names of the roles, scopes, "+
		"methods, events and error codes, with the manifest's method and event tables. Types are in types.js.", p.Protocol), "@module protocol"))
	b.WriteString("\n")
	versions(&b, p)
	policy(&b, p.Policy)
	nameTable(&b, "Role", "The connection roles.", roleEntries(p))
	nameTable(&b, "Scope", "The operator scopes.", scopeEntries(p))
	nameTable(&b, "Method", "The wire names of the methods.", methodEntries(p))
	nameTable(&b, "Event", "The wire names of the events.", eventEntries(p))
	nameTable(&b, "ErrorCode", "The error codes of error responses.", errorEntries(p))
	enumTables(&b, m)
	methodTable(&b, p)
	eventTable(&b, p)
	b.WriteString(lookups)
	return b.String()
}

func versions(b *strings.Builder, p *manifest.Protocol) {
	b.WriteString(docBlock("", "PROTOCOL_VERSION is the current protocol version: the one the gateway offers to every client whose range includes it."))
	fmt.Fprintf(b, "export const PROTOCOL_VERSION = %d;\n\n", p.Protocol)
	acc := make([]string, len(p.Protocols.Accepted))
	for i, v := range p.Protocols.Accepted {
		acc[i] = strconv.FormatInt(v, 10)
	}
	if len(acc) == 0 {
		acc = []string{strconv.FormatInt(p.Protocol, 10)}
	}
	b.WriteString(docBlock("", "PROTOCOL_VERSIONS are the versions a connection may negotiate, ascending.", "@type {ReadonlyArray<number>}"))
	fmt.Fprintf(b, "export const PROTOCOL_VERSIONS = Object.freeze([%s]);\n\n", strings.Join(acc, ", "))
	b.WriteString(docBlock("", "MIN_NODE_PROTOCOL_VERSION is the lowest version a node host may negotiate."))
	fmt.Fprintf(b, "export const MIN_NODE_PROTOCOL_VERSION = %d;\n\n", p.Protocols.NodeMin)
	b.WriteString(docBlock("", "MIN_PROBE_PROTOCOL_VERSION is the lowest version a probe may negotiate."))
	fmt.Fprintf(b, "export const MIN_PROBE_PROTOCOL_VERSION = %d;\n\n", p.Protocols.ProbeMin)
}

func policy(b *strings.Builder, p manifest.Policy) {
	b.WriteString(docBlock("", "Policy holds the gateway's limits and timers, in bytes and milliseconds."))
	b.WriteString("export const Policy = Object.freeze({\n")
	for _, kv := range []struct {
		k string
		v int64
	}{
		{"maxPayload", p.MaxPayload}, {"maxBufferedBytes", p.MaxBufferedBytes}, {"tickIntervalMs", p.TickIntervalMs},
		{"preauthMaxPayload", p.PreauthMaxPayload}, {"handshakeTimeoutMs", p.HandshakeTimeoutMs},
		{"maxPreauthSocketsPerIp", p.MaxPreauthSocketsPerIP}, {"dedupeTtlMs", p.DedupeTTLMs}, {"dedupeMax", p.DedupeMax},
	} {
		fmt.Fprintf(b, "  %s: %d,\n", kv.k, kv.v)
	}
	b.WriteString("});\n\n")
}

// entry is one member of a frozen name table.
type entry struct{ key, value, doc string }

func nameTable(b *strings.Builder, name, doc string, entries []entry) {
	b.WriteString(docBlock("", name+": "+doc))
	fmt.Fprintf(b, "export const %s = Object.freeze({\n", name)
	for _, e := range entries {
		if e.doc != "" {
			b.WriteString(docBlock("  ", e.doc))
		}
		fmt.Fprintf(b, "  %s: %s,\n", e.key, strconv.Quote(e.value))
	}
	b.WriteString("});\n\n")
}

func roleEntries(p *manifest.Protocol) []entry {
	out := make([]entry, 0, len(p.Roles)+1)
	for _, r := range p.Roles {
		out = append(out, entry{names.TypePart(r.Name), r.Name, r.Summary})
	}
	return append(out, entry{"Any", "any", "A method any role may call."})
}

func scopeEntries(p *manifest.Protocol) []entry {
	out := make([]entry, 0, len(p.Scopes))
	for _, s := range p.Scopes {
		out = append(out, entry{names.TypePart(s.Name), s.Name, s.Summary})
	}
	return out
}

func methodEntries(p *manifest.Protocol) []entry {
	out := make([]entry, 0, len(p.Methods))
	for _, m := range p.Methods {
		out = append(out, entry{names.Pascal(m.Name), m.Name, m.Summary})
	}
	return out
}

func eventEntries(p *manifest.Protocol) []entry {
	out := make([]entry, 0, len(p.Events))
	for _, e := range p.Events {
		out = append(out, entry{names.Pascal(e.Name), e.Name, e.Summary})
	}
	return out
}

func errorEntries(p *manifest.Protocol) []entry {
	if p.ErrorCodes == nil {
		return nil
	}
	out := make([]entry, 0, len(p.ErrorCodes.Values))
	for _, v := range p.ErrorCodes.Values {
		out = append(out, entry{names.TypePart(v), v, ""})
	}
	return out
}

// methodTable renders methods: per method its role, scope, flags, version
// range, per-version scopes and the names of its params and result types.
func methodTable(b *strings.Builder, p *manifest.Protocol) {
	b.WriteString(docBlock("", "methods is the manifest's method table by wire name. scope is null when the method needs none; "+
		"since and until bound the versions it exists in (0: unbounded); scopes holds the scope per version where it differs.",
		"@type {Readonly<Record<string, MethodSpec>>}"))
	b.WriteString("export const methods = Object.freeze({\n")
	for _, m := range p.Methods {
		fmt.Fprintf(b, "  %s: Object.freeze({ role: %s, scope: %s, params: %s, result: %s, idempotencyKey: %t, twoPhase: %t, advertised: %t, since: %d, until: %d, scopes: %s }),\n",
			strconv.Quote(m.Name), strconv.Quote(m.Role), nullable(m.Scope), typeName(p, &m.Params), typeName(p, &m.Result),
			m.IdempotencyKey, m.TwoPhase, m.Advertised, m.Since, m.Until, versionScopes(m))
	}
	b.WriteString("});\n\n")
}

func versionScopes(m *manifest.Method) string {
	var vs []int64
	for v, mv := range m.Versions {
		if mv.Scope != nil {
			vs = append(vs, v)
		}
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%d: %s", v, nullable(*m.Versions[v].Scope))
	}
	return "Object.freeze({" + strings.Join(parts, ", ") + "})"
}

func eventTable(b *strings.Builder, p *manifest.Protocol) {
	b.WriteString(docBlock("", "events is the manifest's event table by wire name: the payload type's name and the versions it exists in (0: unbounded).",
		"@type {Readonly<Record<string, EventSpec>>}"))
	b.WriteString("export const events = Object.freeze({\n")
	for _, e := range p.Events {
		fmt.Fprintf(b, "  %s: Object.freeze({ payload: %s, stateVersion: %t, since: %d, until: %d }),\n",
			strconv.Quote(e.Name), typeName(p, &e.Payload), e.StateVersion, e.Since, e.Until)
	}
	b.WriteString("});\n\n")
}

func typeName(p *manifest.Protocol, r *manifest.Ref) string {
	if n := p.Type(r); n != nil {
		return strconv.Quote(n.Name)
	}
	return "null"
}

func nullable(s string) string {
	if s == "" {
		return "null"
	}
	return strconv.Quote(s)
}

// lookups are the typedefs of the tables and the two helper functions.
const lookups = `/**
 * MethodSpec is one entry of methods.
 * @typedef {Object} MethodSpec
 * @property {string} role - "operator", "node" or "any".
 * @property {string|null} scope - the operator scope it needs at the current version, or null.
 * @property {string|null} params - the name of its params type in types.js.
 * @property {string|null} result - the name of its result type in types.js.
 * @property {boolean} idempotencyKey - whether its params carry an idempotency key.
 * @property {boolean} twoPhase - whether it answers twice (accepted, then final).
 * @property {boolean} advertised - whether hello-ok lists it.
 * @property {number} since - the first version it exists in (0: unbounded).
 * @property {number} until - the last version it exists in (0: unbounded).
 * @property {Readonly<Record<number, string|null>>} scopes - its scope at the versions where it differs.
 */

/**
 * EventSpec is one entry of events.
 * @typedef {Object} EventSpec
 * @property {string|null} payload - the name of its payload type in types.js.
 * @property {boolean} stateVersion - whether its broadcasts carry state versions.
 * @property {number} since - the first version it exists in (0: unbounded).
 * @property {number} until - the last version it exists in (0: unbounded).
 */

/**
 * inRange reports whether version lies in [since, until], 0 meaning unbounded.
 * @param {number} version
 * @param {number} since
 * @param {number} until
 * @returns {boolean}
 */
function inRange(version, since, until) {
  return (since === 0 || version >= since) && (until === 0 || version <= until);
}

/**
 * hasMethod reports whether a method exists at a protocol version.
 * @param {string} name - the method's wire name.
 * @param {number} version - the negotiated protocol version.
 * @returns {boolean}
 */
export function hasMethod(name, version) {
  const m = Object.prototype.hasOwnProperty.call(methods, name) ? methods[name] : undefined;
  return m !== undefined && inRange(version, m.since, m.until);
}

/**
 * hasEvent reports whether an event exists at a protocol version.
 * @param {string} name - the event's wire name.
 * @param {number} version - the negotiated protocol version.
 * @returns {boolean}
 */
export function hasEvent(name, version) {
  const e = Object.prototype.hasOwnProperty.call(events, name) ? events[name] : undefined;
  return e !== undefined && inRange(version, e.since, e.until);
}

/**
 * scopeOf returns the operator scope a method needs at a protocol version (null: none or no such method).
 * @param {string} name - the method's wire name.
 * @param {number} version - the negotiated protocol version.
 * @returns {string|null}
 */
export function scopeOf(name, version) {
  if (!hasMethod(name, version)) {
    return null;
  }
  const m = methods[name];
  return Object.prototype.hasOwnProperty.call(m.scopes, version) ? m.scopes[version] : m.scope;
}
`

// enumTables renders Enum: every string enum of the model as a frozen
// table from a PascalCase key to its value (the value itself is the key
// where it makes no key or a key already taken).
func enumTables(b *strings.Builder, m *model.Model) {
	b.WriteString(docBlock("", "Enum holds every string enum of the schema by type name, each a table from a PascalCase key to its value."))
	b.WriteString("export const Enum = Object.freeze({\n")
	for _, n := range m.Types {
		if n.Kind != model.Enum {
			continue
		}
		if d := oneLine(n.Description); d != "" {
			b.WriteString(docBlock("  ", d))
		}
		fmt.Fprintf(b, "  %s: Object.freeze({", n.Name)
		seen := map[string]bool{}
		for i, v := range n.Values {
			key := names.TypePart(v)
			if key == "" || seen[key] {
				key = v
			}
			seen[key] = true
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, " %s: %s", strconv.Quote(key), strconv.Quote(v))
		}
		b.WriteString(" }),\n")
	}
	b.WriteString("});\n\n")
}
