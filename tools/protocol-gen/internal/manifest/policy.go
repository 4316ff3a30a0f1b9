package manifest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

var roleMembers = map[string]bool{"name": true, "summary": true}

func (d *decoder) roles(list *jsonnode.Node, ptr string) []*Role {
	var out []*Role
	for i, n := range d.array(list, ptr) {
		at := jsonnode.Join(ptr, fmt.Sprint(i))
		if d.object(n, at, roleMembers) {
			out = append(out, &Role{Name: d.str(n, at, "name"), Summary: d.str(n, at, "summary")})
		}
	}
	return out
}

var scopeMembers = map[string]bool{"name": true, "role": true, "implies": true, "summary": true}

func (d *decoder) scopes(list *jsonnode.Node, ptr string) []*Scope {
	var out []*Scope
	for i, n := range d.array(list, ptr) {
		at := jsonnode.Join(ptr, fmt.Sprint(i))
		if !d.object(n, at, scopeMembers) {
			continue
		}
		s := &Scope{Name: d.str(n, at, "name"), Role: d.str(n, at, "role"), Summary: d.str(n, at, "summary"), Node: n, Pointer: at}
		for j, v := range d.array(n.Get("implies"), jsonnode.Join(at, "implies")) {
			if v.Kind != jsonnode.String {
				d.fail(v, jsonnode.Join(at, "implies", fmt.Sprint(j)), "must be a string")
				continue
			}
			s.Implies = append(s.Implies, v.Text)
		}
		out = append(out, s)
	}
	return out
}

var routeMembers = map[string]bool{
	"target": true, "role": true, "scope": true, "capability": false, "seqFrom": true,
	"dropIfSlow": true, "when": false, "since": false, "until": false,
}

var targets = map[string]bool{"broadcast": true, "session": true, "run": true, "connection": true, "node": true}

func (d *decoder) routes(list *jsonnode.Node, ptr string) []*Route {
	var out []*Route
	for i, n := range d.array(list, ptr) {
		at := jsonnode.Join(ptr, fmt.Sprint(i))
		if !d.object(n, at, routeMembers) {
			continue
		}
		r := &Route{
			Target: d.str(n, at, "target"), Role: d.str(n, at, "role"), Scope: d.nullableStr(n, at, "scope"),
			Capability: d.str(n, at, "capability"), Since: d.integer(n, at, "since"), Until: d.integer(n, at, "until"),
			Node: n, Pointer: at,
		}
		if v := n.Get("seqFrom"); v != nil && v.Kind != jsonnode.Null {
			r.SeqFrom = d.integer(n, at, "seqFrom")
		}
		if v := n.Get("dropIfSlow"); v != nil && v.Kind == jsonnode.Object {
			r.DropIfSlowWhen = d.condition(v, jsonnode.Join(at, "dropIfSlow"))
		} else {
			r.DropIfSlow = d.boolean(n, at, "dropIfSlow")
		}
		if v := n.Get("when"); v != nil {
			r.When = d.condition(v, jsonnode.Join(at, "when"))
		}
		if t := n.Get("target"); t != nil && t.Kind == jsonnode.String && !targets[r.Target] {
			d.fail(t, jsonnode.Join(at, "target"), "target %q is not one of broadcast, session, run, connection, node", r.Target)
		}
		out = append(out, r)
	}
	return out
}

func (d *decoder) condition(n *jsonnode.Node, ptr string) *Condition {
	if !d.object(n, ptr, map[string]bool{"member": true, "equals": false, "notEquals": false}) {
		return nil
	}
	c := &Condition{Member: d.str(n, ptr, "member"), Node: n, Pointer: ptr}
	eq, ne := n.Get("equals"), n.Get("notEquals")
	switch {
	case (eq == nil) == (ne == nil):
		d.fail(n, ptr, "a condition needs exactly one of equals and notEquals")
	case eq != nil:
		c.Equals = d.str(n, ptr, "equals")
	default:
		c.Equals, c.Negate = d.str(n, ptr, "notEquals"), true
	}
	return c
}

// scopeName is what a scope in the table looks like.
var scopeName = regexp.MustCompile(`^[a-z]+\.[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$`)

// checkPolicy checks that roles, scopes and domains fit together: every
// role a method or route names is listed (or "any"), every scope it names
// is in the table, and a scope belongs to the role its name starts with.
func (d *decoder) checkPolicy(m *Manifest) {
	roles := map[string]bool{}
	for _, r := range m.Roles {
		if roles[r.Name] || r.Name == "any" {
			d.fail(d.doc.Root.Get("roles"), "/roles", "role %q is listed twice or reserved", r.Name)
		}
		roles[r.Name] = true
	}
	scopes := map[string]bool{}
	for _, s := range m.Scopes {
		switch {
		case !scopeName.MatchString(s.Name):
			d.fail(s.Node, jsonnode.Join(s.Pointer, "name"), "scope %q must be <role>.<name>", s.Name)
		case !roles[s.Role]:
			d.fail(s.Node, jsonnode.Join(s.Pointer, "role"), "scope %q names role %q, which the roles list does not have", s.Name, s.Role)
		case !strings.HasPrefix(s.Name, s.Role+"."):
			d.fail(s.Node, jsonnode.Join(s.Pointer, "name"), "scope %q must start with its role %q", s.Name, s.Role+".")
		case scopes[s.Name]:
			d.fail(s.Node, jsonnode.Join(s.Pointer, "name"), "scope %q is listed twice", s.Name)
		}
		scopes[s.Name] = true
	}
	for _, s := range m.Scopes {
		for i, imp := range s.Implies {
			if !strings.HasSuffix(imp, ".*") && !scopes[imp] {
				d.fail(s.Node, jsonnode.Join(s.Pointer, "implies", fmt.Sprint(i)), "implied scope %q is not in the scope table", imp)
			}
		}
	}
	checkRole := func(n *jsonnode.Node, at, role string) {
		if role != "" && role != "any" && !roles[role] {
			d.fail(n, jsonnode.Join(at, "role"), "role %q is not one of the roles or \"any\"", role)
		}
	}
	checkScope := func(n *jsonnode.Node, at, scope string) {
		if scope != "" && !scopes[scope] {
			d.fail(n, jsonnode.Join(at, "scope"), "scope %q is not in the scope table", scope)
		}
	}
	for _, x := range m.Methods {
		checkRole(x.Node, x.Pointer, x.Role)
		checkScope(x.Node, x.Pointer, x.Scope)
		if x.Domain == "" && x.Node.Get("domain") != nil {
			d.fail(x.Node, jsonnode.Join(x.Pointer, "domain"), "domain must not be empty")
		}
	}
	for _, e := range m.Events {
		for _, r := range e.Routes {
			checkRole(r.Node, r.Pointer, r.Role)
			checkScope(r.Node, r.Pointer, r.Scope)
		}
	}
}
