package model

import (
	"encoding/json"
	"fmt"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
)

// objectView is the merged member list of an object schema, its allOf
// members, its $ref and its partial alternatives.
type objectView struct {
	props    []*viewProp
	byName   map[string]*viewProp
	closed   bool
	extra    *load.Schema
	patterns []load.Property
}

type viewProp struct {
	name     string
	schema   *load.Schema
	required bool
	conflict string
}

// objectView merges s into a view of its members.
func (b *builder) objectView(s *load.Schema) *objectView {
	v := &objectView{byName: map[string]*viewProp{}}
	b.mergeInto(v, s, false, map[*load.Schema]bool{})
	return v
}

func (b *builder) mergeInto(v *objectView, s *load.Schema, optional bool, visiting map[*load.Schema]bool) {
	if s.IsBool || visiting[s] {
		return
	}
	visiting[s] = true
	if s.Ref != "" {
		if target, err := b.set.Resolve(s); err == nil {
			b.mergeInto(v, target, optional, visiting)
		}
	}
	for _, m := range s.AllOf {
		b.mergeInto(v, m, optional, visiting)
	}
	for _, p := range s.Properties {
		b.addProp(v, p.Name, p.Schema)
	}
	if !optional {
		for _, r := range s.Required {
			if vp := v.byName[r]; vp != nil {
				vp.required = true
			}
		}
	}
	b.mergeOpenness(v, s)
	if alts := append(append([]*load.Schema(nil), s.OneOf...), s.AnyOf...); len(alts) > 0 && allPartial(alts) {
		for _, a := range alts {
			b.mergeInto(v, a, true, visiting)
		}
	}
}

func (b *builder) mergeOpenness(v *objectView, s *load.Schema) {
	if ap := s.AdditionalProperties; ap != nil {
		switch {
		case ap.IsBool && !ap.BoolValue:
			v.closed = true
		case !ap.IsTrue() && v.extra == nil:
			v.extra = ap
		}
	}
	if s.ClosedByUnevaluated {
		v.closed = true
	}
	v.patterns = append(v.patterns, s.PatternProperties...)
}

// addProp adds a member, reconciling a member declared twice (by allOf
// members or a $ref and its siblings): a schema without typing keywords
// yields to the other; a later schema that only allows null keeps an
// earlier nullable one; two schemas of the same shape keep the later, more
// derived one; different shapes conflict and the member becomes raw JSON.
func (b *builder) addProp(v *objectView, name string, s *load.Schema) {
	old := v.byName[name]
	if old == nil {
		vp := &viewProp{name: name, schema: s}
		v.byName[name] = vp
		v.props = append(v.props, vp)
		return
	}
	switch {
	case old.schema == s || !s.HasTyping():
	case !old.schema.HasTyping():
		old.schema = s
	case isNullOnly(s) && b.plan(old.schema).nullable:
	case b.compatible(old.schema, s):
		old.schema = s
	default:
		old.conflict = fmt.Sprintf("the schemas merged by allOf give %q different types", name)
	}
}

// compatible reports whether two member schemas type the same way: the
// same schema behind references, the same scalar, or string enums and
// constants (the later narrowing the earlier).
func (b *builder) compatible(a, c *load.Schema) bool {
	da, dc := b.deref(a), b.deref(c)
	if da == dc {
		return true
	}
	pa, pc := b.plan(da), b.plan(dc)
	stringish := func(k planKind) bool { return k == pString || k == pEnum }
	switch {
	case stringish(pa.kind) && stringish(pc.kind):
		return true
	case pa.kind == pInteger || pa.kind == pNumber || pa.kind == pBoolean:
		return pa.kind == pc.kind
	}
	return false
}

// objectPlan decides between a struct, a map and an empty struct.
func (b *builder) objectPlan(v *objectView) *plan {
	switch {
	case len(v.props) > 0:
		return &plan{kind: pStruct, object: v}
	case len(v.patterns) == 0 && v.extra != nil:
		return &plan{kind: pMap, elem: v.extra}
	case len(v.patterns) > 0:
		return b.patternMapPlan(v)
	case v.closed:
		return &plan{kind: pStruct, object: v}
	default:
		return &plan{kind: pMap}
	}
}

func (b *builder) patternMapPlan(v *objectView) *plan {
	list := make([]*load.Schema, 0, len(v.patterns)+1)
	universal := false
	for _, p := range v.patterns {
		list = append(list, p.Schema)
		universal = universal || matchesEveryKey(p.Name)
	}
	switch {
	case v.extra != nil:
		list = append(list, v.extra)
	case !v.closed && !universal:
		if allUntyped(list) {
			return &plan{kind: pMap}
		}
		return &plan{kind: pMap, elemReason: "members that match no pattern may hold any value"}
	}
	if len(list) == 1 || b.sameShape(list) {
		return &plan{kind: pMap, elem: list[0]}
	}
	if allUntyped(list) {
		return &plan{kind: pMap}
	}
	return &plan{kind: pMap, elemReason: "members match differently typed patterns"}
}

// matchesEveryKey reports whether a patternProperties pattern matches any
// member name ("^.*$" and the like).
func matchesEveryKey(re string) bool {
	switch re {
	case "", ".*", "^.*$", "^.*", ".*$", "^(.*)$", "(.*)":
		return true
	}
	return false
}

func allUntyped(list []*load.Schema) bool {
	for _, s := range list {
		if s.HasTyping() {
			return false
		}
	}
	return true
}

// compositionPlan types an allOf (or a $ref with sibling keywords): the
// typed members merge into one struct when they are all objects; a single
// typed member is the type; anything else is raw JSON.
func (b *builder) compositionPlan(s *load.Schema, types []string) *plan {
	members := b.typedMembers(s)
	objects := 0
	for _, m := range members {
		if b.isObjectMember(m, 0) {
			objects++
		}
	}
	switch {
	case len(members) == 0:
		return &plan{kind: pRaw}
	case objects == len(members) || (objects > 0 && isObjectish(s, types)):
		return b.objectPlan(b.objectView(s))
	case len(members) == 1:
		p := *b.plan(members[0])
		return &p
	default:
		return &plan{kind: pRaw, reason: "allOf combines schemas that are not all objects"}
	}
}

// typedMembers lists the parts of a composition that say something about
// the type: the $ref target, each typed allOf member, and the schema's own
// object keywords.
func (b *builder) typedMembers(s *load.Schema) []*load.Schema {
	var out []*load.Schema
	if s.Ref != "" {
		if t, err := b.set.Resolve(s); err == nil {
			out = append(out, t)
		}
	}
	for _, m := range s.AllOf {
		if m.HasTyping() {
			out = append(out, m)
		}
	}
	if hasObjectKeywords(s) {
		out = append(out, s)
	}
	return out
}

// isObjectMember reports whether a composition member is an object schema.
func (b *builder) isObjectMember(m *load.Schema, depth int) bool {
	d := b.deref(m)
	if depth > 32 {
		return false
	}
	if hasObjectKeywords(d) {
		return true
	}
	if len(d.AllOf) > 0 && len(d.Types) == 0 {
		for _, sub := range d.AllOf {
			if sub.HasTyping() && !b.isObjectMember(sub, depth+1) {
				return false
			}
		}
		return true
	}
	return len(d.Types) == 1 && d.Types[0] == "object"
}

// hasObjectKeywords reports whether s declares members: properties,
// patternProperties or additionalProperties.
func hasObjectKeywords(s *load.Schema) bool {
	return len(s.Properties) > 0 || s.AdditionalProperties != nil || len(s.PatternProperties) > 0
}

func unquote(text string) string {
	var s string
	if json.Unmarshal([]byte(text), &s) != nil {
		return text
	}
	return s
}
