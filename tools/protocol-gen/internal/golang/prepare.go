package golang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// gen holds the decisions taken before rendering: package-level names,
// which unions need a holder, which fields break a recursion by pointer.
type gen struct {
	opts  Options
	model *model.Model
	ids   *names.Allocator

	decoders   map[*model.Named]string   // union → DecodeX
	holders    map[*model.Named]string   // union → XValue
	unionRaw   map[*model.Named]string   // union → why it is raw in Go
	enumConsts map[*model.Named][]string // enum → constant names
	pointers   map[*model.Field]bool     // required fields that must be pointers
	methods    map[string]string         // wire name → Go name
	events     map[string]string
	shaped     map[*model.Named]bool // types whose shape depends on the protocol version

	usesNullable, usesExtra, usesUnion bool
}

func newGen(m *model.Model, opts Options) (*gen, error) {
	g := &gen{
		opts: opts, model: m, ids: names.NewAllocator(Reserved(opts.Protocol != nil)...),
		decoders: map[*model.Named]string{}, holders: map[*model.Named]string{}, unionRaw: map[*model.Named]string{},
		enumConsts: map[*model.Named][]string{}, methods: map[string]string{}, events: map[string]string{},
	}
	for _, n := range m.Types {
		g.ids.Reserve(n.Name)
	}
	if err := g.protocolNames(); err != nil {
		return nil, err
	}
	g.checkUnions()
	g.markHolders()
	for _, n := range m.Types {
		g.derivedNames(n)
	}
	g.pointers = recursiveFields(m)
	g.shaped = shapedTypes(m)
	g.scanUses()
	return g, nil
}

// protocolNames reserves MethodX and EventX; a clash is an error because
// these names are the API the server and clients use.
func (g *gen) protocolNames() error {
	p := g.opts.Protocol
	if p == nil {
		return nil
	}
	for _, m := range p.Methods {
		if err := g.reserveConstant("Method", m.Name, g.methods); err != nil {
			return err
		}
	}
	for _, e := range p.Events {
		if err := g.reserveConstant("Event", e.Name, g.events); err != nil {
			return err
		}
	}
	return nil
}

// reserveConstant reserves prefix + the Pascal form of a wire name and
// records it in into.
func (g *gen) reserveConstant(prefix, wire string, into map[string]string) error {
	id := prefix + names.Pascal(wire)
	if !g.ids.Reserve(id) {
		return fmt.Errorf("%s: the Go constant %s for %q collides with another generated name", g.opts.Protocol.Source, id, wire)
	}
	into[wire] = id
	return nil
}

// checkUnions finds unions Go cannot seal: a variant bound to a type of
// another package cannot carry the marker method.
func (g *gen) checkUnions() {
	for _, n := range g.model.Types {
		if n.Kind != model.Union || n.GoType != "" {
			continue
		}
		for _, v := range n.Variants {
			if s := variantStruct(v); s == nil || s.GoType != "" {
				g.unionRaw[n] = fmt.Sprintf("variant %q is bound to a Go type of another package", v.Value)
				break
			}
		}
	}
}

// variantStruct is the struct a variant's type stands for.
func variantStruct(v *model.Variant) *model.Named {
	if v.Type.GoType != "" {
		return v.Type
	}
	u := v.Type.Underlying()
	if u.Kind == model.Ref && u.Named.Kind == model.Struct {
		return u.Named
	}
	return nil
}

func (g *gen) derivedNames(n *model.Named) {
	switch {
	case n.GoType != "":
	case n.Kind == model.Union && g.unionRaw[n] == "":
		g.decoders[n] = g.ids.Unique("Decode" + n.Name)
	case n.Kind == model.Enum:
		parts := enumParts(n.Name, n.Values)
		consts := make([]string, len(parts))
		for i, part := range parts {
			consts[i] = g.ids.Unique(n.Name + part)
		}
		g.enumConsts[n] = consts
	}
}

// enumParts are the names of an enum's values that follow the type name
// in their constants. A leading word every value shares with the type
// name is dropped when the values stay distinct without it
// (OperatorScope "operator.admin" → OperatorScopeAdmin, not
// OperatorScopeOperatorAdmin). An empty value is Value<n>.
func enumParts(typeName string, values []string) []string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = names.GoExported(v)
	}
	if trimmed, ok := trimSharedWord(names.Words(typeName), parts); ok {
		parts = trimmed
	}
	for i, p := range parts {
		if p == "" {
			parts[i] = "Value" + strconv.Itoa(i+1)
		}
	}
	return parts
}

// trimSharedWord drops the type name's first word from the front of every
// part, when every part starts with it, keeps something after it and
// stays distinct from the others.
func trimSharedWord(typeWords, parts []string) ([]string, bool) {
	if len(typeWords) == 0 || len(parts) == 0 {
		return nil, false
	}
	first := typeWords[0]
	out := make([]string, len(parts))
	seen := map[string]bool{}
	for i, p := range parts {
		rest, ok := strings.CutPrefix(p, first)
		if !ok || rest == "" || !names.IsPascalIdent(rest) || seen[rest] {
			return nil, false
		}
		seen[rest], out[i] = true, rest
	}
	return out, true
}

// markHolders allocates XValue for every union used as a member, element,
// alias target, params, result or payload.
func (g *gen) markHolders() {
	visit := func(t *model.Type) {
		if t == nil {
			return
		}
		walkType(*t, func(x model.Type) {
			if u := g.unionOf(x); u != nil && g.holders[u] == "" {
				g.holders[u] = g.ids.Unique(u.Name + "Value")
			}
		})
	}
	for _, n := range g.model.Types {
		for _, f := range n.Fields {
			visit(&f.Type)
		}
		visit(n.Extra)
		if n.Kind == model.Alias {
			visit(n.Target)
		}
	}
	if p := g.opts.Protocol; p != nil {
		for _, n := range p.Types {
			visit(&model.Type{Kind: model.Ref, Named: n})
		}
	}
}

// unionOf returns the sealed union a type use ends in, if any.
func (g *gen) unionOf(t model.Type) *model.Named {
	if t.Kind != model.Ref || t.Named.GoType != "" {
		return nil
	}
	u := t.Named.Underlying()
	if u.Kind == model.Ref && u.Named.Kind == model.Union && u.Named.GoType == "" && g.unionRaw[u.Named] == "" {
		return u.Named
	}
	return nil
}

// walkType calls fn for t and every element type inside it.
func walkType(t model.Type, fn func(model.Type)) {
	fn(t)
	if t.Elem != nil {
		walkType(*t.Elem, fn)
	}
}

// scanUses notes which helper files are needed.
func (g *gen) scanUses() {
	for _, n := range g.model.Types {
		if n.GoType != "" {
			continue
		}
		switch n.Kind {
		case model.Struct:
			if g.needsCodec(n) {
				g.usesExtra = true
			}
			for _, f := range n.Fields {
				if !f.Required && f.Type.Nullable && g.category(f.Type) != catRaw {
					g.usesNullable = true
				}
			}
		case model.Union:
			if g.unionRaw[n] == "" {
				g.usesUnion = true
			}
		}
	}
}

// needsCodec reports whether a struct keeps extra members, which needs
// its own MarshalJSON and UnmarshalJSON.
func (g *gen) needsCodec(n *model.Named) bool {
	if n.Extra != nil {
		return true
	}
	for _, f := range n.Fields {
		if !validTag(f.Name) {
			return true
		}
	}
	return false
}

// validTag reports whether encoding/json accepts name as a tag name.
func validTag(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
