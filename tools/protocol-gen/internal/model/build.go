package model

import (
	"fmt"
	"sort"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// Options tune Build.
type Options struct {
	// Reserved names are taken by generated helpers and cannot name a type.
	Reserved []string
	// Strict makes a definition key that is not a PascalCase identifier, a
	// reserved key or a key defined twice an error instead of a rename.
	Strict bool
}

// Root is a schema that must become a named type.
type Root struct {
	Schema *load.Schema
	// Name is the definition key (or a caller-chosen name); "" derives the
	// name from the schema's location, as for anonymous types.
	Name string
}

type buildState int

const (
	pending buildState = iota
	classifying
	classified
	filled
)

type builder struct {
	set       *load.Set
	opts      Options
	model     *Model
	alloc     *names.Allocator
	plans     map[*load.Schema]*plan
	preferred map[*load.Schema]string
	namedAt   map[*load.Document]map[string]*Named
	order     map[*Named][2]int
	roots     []*Named
	current   int
	seq       int
	queue     []*Named
	errs      load.Errors
}

// Build makes the model of roots and of everything they use. In strict
// mode the located errors are returned; otherwise problems become Notes.
func Build(set *load.Set, roots []Root, opts Options) (*Model, error) {
	b := &builder{
		set:       set,
		opts:      opts,
		model:     &Model{bySchema: map[*load.Schema]*Named{}},
		alloc:     names.NewAllocator(opts.Reserved...),
		plans:     map[*load.Schema]*plan{},
		preferred: map[*load.Schema]string{},
		namedAt:   map[*load.Document]map[string]*Named{},
		order:     map[*Named][2]int{},
	}
	for _, r := range roots {
		b.addRoot(r)
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	for i, n := range b.roots {
		b.current = i
		b.fill(n)
		for len(b.queue) > 0 {
			next := b.queue[0]
			b.queue = b.queue[1:]
			b.fill(next)
		}
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	b.sortTypes()
	return b.model, nil
}

// addRoot names a root and registers it.
func (b *builder) addRoot(r Root) {
	if b.model.bySchema[r.Schema] != nil {
		return
	}
	name := b.rootName(r)
	if name == "" {
		return
	}
	n := &Named{Name: name, Schema: r.Schema, Definition: r.Name, Description: describe(r.Schema), GoType: r.Schema.XGoType}
	b.register(n, len(b.roots))
	b.roots = append(b.roots, n)
}

func (b *builder) rootName(r Root) string {
	if r.Name == "" {
		return b.alloc.Unique(b.pathName(r.Schema))
	}
	want := names.TypeName(r.Name)
	if b.opts.Strict {
		return b.strictRootName(r, want)
	}
	if want == "" {
		want = "Type"
	}
	got := b.alloc.Unique(want)
	if got != r.Name {
		b.note(r.Schema, "definition %q is named %s", r.Name, got)
	}
	return got
}

func (b *builder) strictRootName(r Root, want string) string {
	switch {
	case !names.IsPascalIdent(r.Name):
		b.errs = append(b.errs, r.Schema.Errorf("definition name %q is not a PascalCase identifier", r.Name))
	case !b.alloc.Reserve(want):
		if prev := b.findRoot(want); prev != nil {
			b.errs = append(b.errs, r.Schema.Errorf("definition %s is also defined at %s:%d", want, prev.Schema.Doc.Name, prev.Schema.Line()))
		} else {
			b.errs = append(b.errs, r.Schema.Errorf("definition name %s is reserved for generated code", want))
		}
	default:
		return want
	}
	return ""
}

func (b *builder) findRoot(name string) *Named {
	for _, n := range b.roots {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// register records a new named type for its schema and location.
func (b *builder) register(n *Named, rootIndex int) {
	b.model.bySchema[n.Schema] = n
	at := b.namedAt[n.Schema.Doc]
	if at == nil {
		at = map[string]*Named{}
		b.namedAt[n.Schema.Doc] = at
	}
	if at[n.Schema.Pointer] == nil {
		at[n.Schema.Pointer] = n
	}
	b.seq++
	b.order[n] = [2]int{rootIndex, b.seq}
	b.model.Types = append(b.model.Types, n)
}

// sortTypes orders types by the root they belong to, then by creation.
func (b *builder) sortTypes() {
	sort.SliceStable(b.model.Types, func(i, j int) bool {
		oi, oj := b.order[b.model.Types[i]], b.order[b.model.Types[j]]
		if oi[0] != oj[0] {
			return oi[0] < oj[0]
		}
		return oi[1] < oj[1]
	})
}

// ownerRoot returns the index of the root whose schema contains s, or the
// root being built when none does.
func (b *builder) ownerRoot(s *load.Schema) int {
	best, bestLen := b.current, -1
	for i, r := range b.roots {
		p := r.Schema.Pointer
		if r.Schema.Doc == s.Doc && len(p) > bestLen && isPrefixPointer(p, s.Pointer) {
			best, bestLen = i, len(p)
		}
	}
	return best
}

func isPrefixPointer(prefix, p string) bool {
	return prefix == "" || p == prefix || (len(p) > len(prefix) && p[:len(prefix)] == prefix && p[len(prefix)] == '/')
}

// note records a located remark (an error in strict mode is not wanted
// for these: they describe loose typing, not mistakes).
func (b *builder) note(s *load.Schema, format string, args ...any) {
	b.model.Notes = append(b.model.Notes, s.Errorf(format, args...))
}

func describe(s *load.Schema) string {
	if s.Description != "" {
		return s.Description
	}
	return s.Title
}

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
		Description: describe(s),
		Kind:        namedKinds[p.kind],
		Nullable:    p.nullable,
		Values:      p.values,
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
		n.Values = p.values
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
		n.Fields = append(n.Fields, &Field{Name: vp.name, Type: t, Required: vp.required, Description: describe(vp.schema)})
	}
	if extra := b.extraType(v); extra != nil {
		n.Extra = extra
	}
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
