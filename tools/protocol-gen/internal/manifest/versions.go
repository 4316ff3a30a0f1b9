package manifest

import (
	"slices"
	"strconv"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

var protocolsMembers = map[string]bool{
	"current": true, "accepted": true, "nodeMin": true, "probeMin": true, "authorizationError": true,
}

// protocols reads the manifest's protocols object.
func (d *decoder) protocols(n *jsonnode.Node, ptr string) Protocols {
	if !d.object(n, ptr, protocolsMembers) {
		return Protocols{}
	}
	p := Protocols{
		Current: d.integer(n, ptr, "current"), NodeMin: d.integer(n, ptr, "nodeMin"), ProbeMin: d.integer(n, ptr, "probeMin"),
		AuthorizationError: map[int64]string{},
	}
	for i, v := range d.array(n.Get("accepted"), jsonnode.Join(ptr, "accepted")) {
		x, ok := v.Int()
		if !ok || x < 1 {
			d.fail(v, jsonnode.Join(ptr, "accepted", strconv.Itoa(i)), "must be a positive integer")
			continue
		}
		p.Accepted = append(p.Accepted, x)
	}
	d.versionMap(n.Get("authorizationError"), jsonnode.Join(ptr, "authorizationError"), func(v int64, m *jsonnode.Node, at string) {
		if m.Kind != jsonnode.String || m.Text == "" {
			d.fail(m, at, "must be an error code")
			return
		}
		p.AuthorizationError[v] = m.Text
	})
	return p
}

// versionMap calls each for every member of an object keyed by a protocol
// version written as a decimal string.
func (d *decoder) versionMap(n *jsonnode.Node, ptr string, each func(v int64, m *jsonnode.Node, at string)) {
	if n == nil {
		return
	}
	if n.Kind != jsonnode.Object {
		d.fail(n, ptr, "must be an object")
		return
	}
	for i := range n.Members {
		m := &n.Members[i]
		at := jsonnode.Join(ptr, m.Key)
		v, err := strconv.ParseInt(m.Key, 10, 64)
		if err != nil || v < 1 {
			d.errs = append(d.errs, d.doc.KeyErrorAt(m, at, "%q is not a protocol version", m.Key))
			continue
		}
		each(v, m.Value, at)
	}
}

var methodVersionMembers = map[string]bool{"scope": false, "params": false, "result": false}

// methodVersions reads a method's per-version overrides.
func (d *decoder) methodVersions(n *jsonnode.Node, ptr string) map[int64]*MethodVersion {
	out := map[int64]*MethodVersion{}
	d.versionMap(n.Get("versions"), jsonnode.Join(ptr, "versions"), func(v int64, m *jsonnode.Node, at string) {
		if !d.object(m, at, methodVersionMembers) {
			return
		}
		mv := &MethodVersion{Params: d.ref(m, at, "params"), Result: d.ref(m, at, "result")}
		if m.Get("scope") != nil {
			s := d.nullableStr(m, at, "scope")
			mv.Scope = &s
		}
		out[v] = mv
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

var eventVersionMembers = map[string]bool{"payload": true}

// eventVersions reads an event's per-version payload overrides.
func (d *decoder) eventVersions(n *jsonnode.Node, ptr string) map[int64]*Ref {
	out := map[int64]*Ref{}
	d.versionMap(n.Get("versions"), jsonnode.Join(ptr, "versions"), func(v int64, m *jsonnode.Node, at string) {
		if d.object(m, at, eventVersionMembers) {
			r := d.ref(m, at, "payload")
			out[v] = &r
		}
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// checkVersions reports versions that are not accepted: the current one,
// the node and probe floors, every authorization-error key and every
// since, until and override of a method or event.
func (d *decoder) checkVersions(m *Manifest) {
	p := &m.Protocols
	root := d.doc.Root.Get("protocols")
	if root == nil {
		return
	}
	if !slices.IsSorted(p.Accepted) || len(slices.Compact(slices.Clone(p.Accepted))) != len(p.Accepted) {
		d.fail(root, "/protocols/accepted", "must be ascending without repeats")
	}
	accepted := func(v int64) bool { return slices.Contains(p.Accepted, v) }
	for _, c := range []struct {
		key string
		v   int64
	}{{"current", p.Current}, {"nodeMin", p.NodeMin}, {"probeMin", p.ProbeMin}} {
		if c.v != 0 && !accepted(c.v) {
			d.fail(root, "/protocols/"+c.key, "version %d is not in accepted", c.v)
		}
	}
	for _, v := range p.Accepted {
		if p.AuthorizationError[v] == "" {
			d.fail(root, "/protocols/authorizationError", "no error code for version %d", v)
		}
	}
	for _, x := range m.Methods {
		d.checkRange(x.Node, x.Pointer, x.Since, x.Until)
		for v := range x.Versions {
			if !accepted(v) {
				d.fail(x.Node, jsonnode.Join(x.Pointer, "versions"), "version %d is not in accepted", v)
			}
		}
	}
	for _, x := range m.Events {
		d.checkRange(x.Node, x.Pointer, x.Since, x.Until)
		for v := range x.Versions {
			if !accepted(v) {
				d.fail(x.Node, jsonnode.Join(x.Pointer, "versions"), "version %d is not in accepted", v)
			}
		}
	}
}

// checkRange reports a since after an until.
func (d *decoder) checkRange(n *jsonnode.Node, ptr string, since, until int64) {
	if since != 0 && until != 0 && since > until {
		d.fail(n, ptr, "since %d is after until %d", since, until)
	}
}
