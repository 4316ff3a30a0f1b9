package golang

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// category groups Go types by how absence and null are represented.
type category int

const (
	catScalar category = iota // string, numbers, bool, enums: pointer when optional or nullable
	catStruct                 // structs: pointer when optional or nullable
	catSlice                  // slices and maps: nil is null, omitzero keeps [] and {} apart from absent
	catRaw                    // json.RawMessage: holds null itself
	catUnion                  // union holders: a nil Value is null
)

// category returns the category of a type use.
func (g *gen) category(t model.Type) category {
	_, cat := g.base(t)
	return cat
}

// base returns the Go type of t, ignoring nullability and optionality.
func (g *gen) base(t model.Type) (*jen.Statement, category) {
	switch t.Kind {
	case model.String:
		return jen.String(), catScalar
	case model.Integer:
		return jen.Int64(), catScalar
	case model.Number:
		return jen.Float64(), catScalar
	case model.Boolean:
		return jen.Bool(), catScalar
	case model.Array:
		return jen.Index().Add(g.elem(*t.Elem)), catSlice
	case model.Map:
		return jen.Map(jen.String()).Add(g.elem(*t.Elem)), catSlice
	case model.Ref:
		return g.named(t.Named)
	default:
		return jen.Qual(jsonPath, "RawMessage"), catRaw
	}
}

// named returns the Go type that stands for a named type in a use.
func (g *gen) named(n *model.Named) (*jen.Statement, category) {
	if n.GoType != "" {
		return boundType(n.GoType), catStruct
	}
	if u := g.unionOf(model.Type{Kind: model.Ref, Named: n}); u != nil {
		return jen.Id(g.holders[u]), catUnion
	}
	u := n.Underlying()
	switch u.Kind {
	case model.Ref:
		switch end := u.Named; {
		case end.GoType != "" || end.Kind == model.Struct:
			return jen.Id(n.Name), catStruct
		case end.Kind == model.Union:
			return jen.Id(n.Name), catRaw // a union Go cannot seal is raw JSON
		default:
			return jen.Id(n.Name), catScalar
		}
	case model.Array, model.Map:
		return jen.Id(n.Name), catSlice
	case model.Raw:
		return jen.Id(n.Name), catRaw
	default:
		return jen.Id(n.Name), catScalar
	}
}

// boundType renders an x-go-type binding "import/path.Name".
func boundType(binding string) *jen.Statement {
	dot := strings.LastIndex(binding, ".")
	return jen.Qual(binding[:dot], binding[dot+1:])
}

// elem returns the Go type of an array element or map value: a pointer
// when null is allowed and the type has no null of its own.
func (g *gen) elem(t model.Type) *jen.Statement {
	code, cat := g.base(t)
	if t.Nullable && (cat == catScalar || cat == catStruct) {
		return jen.Op("*").Add(code)
	}
	return code
}

// field returns the Go type of a struct member and its tag options, by
// the rules in the README: required → value, optional → pointer with
// omitempty (slices and maps: omitzero), nullable → pointer, optional and
// nullable → Nullable[T].
func (g *gen) field(f *model.Field) (*jen.Statement, string) {
	code, cat := g.base(f.Type)
	nullable := f.Type.Nullable
	pointerable := cat == catScalar || cat == catStruct
	switch {
	case cat == catRaw:
		if f.Required {
			return code, ""
		}
		return code, ",omitempty"
	case f.Required && !nullable:
		if g.pointers[f] {
			return jen.Op("*").Add(code), ""
		}
		return code, ""
	case f.Required:
		if pointerable {
			return jen.Op("*").Add(code), ""
		}
		return code, ""
	case !nullable && cat == catSlice:
		return code, ",omitzero"
	case !nullable:
		return jen.Op("*").Add(code), ",omitempty"
	default:
		return jen.Id("Nullable").Types(code), ",omitzero"
	}
}

// form is how a struct member holds its type (see field).
type form int

const (
	formValue    form = iota // the type itself
	formPointer              // *T
	formNullable             // Nullable[T]
)

// memberForm returns how field holds its type, by the same rules as field.
func (g *gen) memberForm(f *model.Field) form {
	cat := g.category(f.Type)
	nullable := f.Type.Nullable
	pointerable := cat == catScalar || cat == catStruct
	switch {
	case cat == catRaw, cat == catSlice && (f.Required || !nullable):
		return formValue
	case f.Required && !nullable:
		if g.pointers[f] {
			return formPointer
		}
		return formValue
	case f.Required:
		if pointerable {
			return formPointer
		}
		return formValue
	case !nullable:
		return formPointer
	default:
		return formNullable
	}
}

// valueType is the type handlers and clients point at for a definition
// used as params, result or payload.
func (g *gen) valueType(n *model.Named) *jen.Statement {
	code, _ := g.named(n)
	return code
}
