package model

import (
	"fmt"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// typeOf returns the type of a schema, naming it when it needs a name.
func (b *builder) typeOf(s *load.Schema) Type {
	if n := b.model.bySchema[s]; n != nil {
		return b.useNamed(n)
	}
	return b.typeFromPlan(s, b.plan(s))
}

// useNamed returns a use of n; an alias of a scalar is replaced by the
// scalar itself.
func (b *builder) useNamed(n *Named) Type {
	b.classify(n)
	if n.Kind == Alias && n.state >= classified && n.Target.Kind != Ref && n.Target.Kind != Array && n.Target.Kind != Map {
		t := *n.Target
		t.Nullable = t.Nullable || n.Nullable
		return t
	}
	return Type{Kind: Ref, Named: n, Nullable: n.Nullable}
}

func (b *builder) typeFromPlan(s *load.Schema, p *plan) Type {
	switch p.kind {
	case pRaw:
		if p.reason != "" {
			b.note(s, "typed as raw JSON: %s", p.reason)
		}
		return Type{Kind: Raw, Reason: p.reason, Nullable: p.nullable, Const: p.constText}
	case pString, pInteger, pNumber, pBoolean:
		return Type{Kind: scalarKinds[p.kind], Nullable: p.nullable, Const: p.constText, Note: p.note}
	case pRef:
		t := b.typeOf(p.target)
		t.Nullable = t.Nullable || p.nullable
		return t
	case pArray, pMap:
		elem := b.elemType(s, p)
		kind := Array
		if p.kind == pMap {
			kind = Map
		}
		return Type{Kind: kind, Elem: &elem, Nullable: p.nullable}
	default:
		return b.useNamed(b.newAnonymous(s, p))
	}
}

var scalarKinds = map[planKind]TypeKind{pString: String, pInteger: Integer, pNumber: Number, pBoolean: Boolean}

func (b *builder) elemType(s *load.Schema, p *plan) Type {
	if p.elem == nil {
		if p.elemReason != "" {
			b.note(s, "elements typed as raw JSON: %s", p.elemReason)
		}
		return Type{Kind: Raw, Reason: p.elemReason}
	}
	return b.typeOf(p.elem)
}

// newAnonymous names a struct, enum or union found inside a definition.
func (b *builder) newAnonymous(s *load.Schema, p *plan) *Named {
	name := b.preferred[s]
	if name == "" {
		name = b.pathName(s)
	}
	n := &Named{
		Name:        b.alloc.Unique(name),
		Schema:      s,
		Member:      b.memberPath(s),
		Description: describe(s),
		Kind:        namedKinds[p.kind],
		Nullable:    p.nullable,
		Values:      p.values,
		ValueSince:  s.EnumSince,
		state:       classified,
	}
	b.register(n, b.ownerRoot(s))
	b.queue = append(b.queue, n)
	return n
}

var namedKinds = map[planKind]NamedKind{pStruct: Struct, pEnum: Enum, pUnion: Union}

// classify decides what kind of type a named type is (and the target of
// an alias) without building its members.
func (b *builder) classify(n *Named) {
	if n.state != pending {
		return
	}
	n.state = classifying
	p := b.plan(n.Schema)
	n.Nullable = p.nullable
	switch p.kind {
	case pStruct, pEnum, pUnion:
		n.Kind = namedKinds[p.kind]
		n.Values, n.ValueSince = p.values, n.Schema.EnumSince
	default:
		n.Kind = Alias
		inner := *p
		inner.nullable = false
		t := b.typeFromPlan(n.Schema, &inner)
		n.Target = &t
		if b.aliasLoops(n) {
			b.note(n.Schema, "typed as raw JSON: the definition only refers to itself")
			n.Target = &Type{Kind: Raw, Reason: "the definition only refers to itself"}
		}
	}
	n.state = classified
}

// aliasLoops reports whether following n's alias chain comes back to n.
func (b *builder) aliasLoops(n *Named) bool {
	t := n.Target
	for i := 0; i < 1000 && t.Kind == Ref && t.Named.Kind == Alias; i++ {
		if t.Named == n {
			return true
		}
		if t.Named.Target == nil { // still being classified: a loop through n
			return true
		}
		t = t.Named.Target
	}
	return false
}

// fill builds the members of a struct and the variants of a union.
func (b *builder) fill(n *Named) {
	b.classify(n)
	if n.state == filled {
		return
	}
	n.state = filled
	p := b.plan(n.Schema)
	switch n.Kind {
	case Struct:
		b.fillStruct(n, p.object)
	case Union:
		b.fillUnion(n, p.union)
	}
}

func (b *builder) fillStruct(n *Named, v *objectView) {
	for _, vp := range v.props {
		var t Type
		if vp.conflict != "" {
			b.note(vp.schema, "property %q typed as raw JSON: %s", vp.name, vp.conflict)
			t = Type{Kind: Raw, Reason: vp.conflict}
		} else {
			t = b.typeOf(vp.schema)
		}
		f := &Field{Name: vp.name, Type: t, Required: vp.required, Description: describe(vp.schema), Since: vp.schema.Since, Until: vp.schema.Until}
		f.Required = f.Required && !f.Versioned()
		n.Fields = append(n.Fields, f)
	}
	n.Extra = b.extraType(v)
}

// extraType is the type of undeclared members, or nil for a closed object.
func (b *builder) extraType(v *objectView) *Type {
	switch {
	case v.closed && len(v.patterns) == 0:
		return nil
	case v.extra != nil && len(v.patterns) == 0:
		t := b.typeOf(v.extra)
		return &t
	case v.closed && v.extra == nil && len(v.patterns) == 1:
		t := b.typeOf(v.patterns[0].Schema)
		return &t
	default:
		return &Type{Kind: Raw}
	}
}

func (b *builder) fillUnion(n *Named, u *unionView) {
	n.Discriminator = u.discriminator
	for i, alt := range u.alternatives {
		if b.model.bySchema[alt] == nil {
			b.preferred[alt] = n.Name + names.TypePart(u.values[i])
		}
		t := b.typeOf(alt)
		if t.Kind != Ref {
			reason := fmt.Sprintf("variant %q is not an object type", u.values[i])
			b.note(alt, "union typed as raw JSON: %s", reason)
			n.Kind, n.Variants, n.Target = Alias, nil, &Type{Kind: Raw, Reason: reason}
			return
		}
		n.Variants = append(n.Variants, &Variant{Value: u.values[i], Type: t.Named})
	}
}
