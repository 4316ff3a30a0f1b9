package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// shapedTypes finds the types whose wire shape depends on the protocol
// version: structs with a member marked x-since or x-until, and the
// structs, arrays and maps that hold such a type (to a fixed point).
func shapedTypes(m *model.Model) map[*model.Named]bool {
	shaped := map[*model.Named]bool{}
	for changed := true; changed; {
		changed = false
		for _, n := range m.Types {
			if !shaped[n] && needsShape(n, shaped) {
				shaped[n], changed = true, true
			}
		}
	}
	return shaped
}

// needsShape reports whether n is shaped, given the types known shaped.
func needsShape(n *model.Named, shaped map[*model.Named]bool) bool {
	if n.GoType != "" {
		return false
	}
	switch n.Kind {
	case model.Struct:
		for _, f := range n.Fields {
			if f.Versioned() || holdsShaped(f.Type, shaped) {
				return true
			}
		}
	case model.Alias:
		t := n.Target
		return (t.Kind == model.Array || t.Kind == model.Map) && holdsShaped(*t, shaped)
	}
	return false
}

// holdsShaped reports whether a value of type t holds a shaped struct the
// projection reaches: the struct itself, or the non-null elements of an
// array or map of it.
func holdsShaped(t model.Type, shaped map[*model.Named]bool) bool {
	switch t.Kind {
	case model.Ref:
		return shaped[t.Named]
	case model.Array, model.Map:
		return !t.Elem.Nullable && t.Elem.Kind == model.Ref && shaped[t.Elem.Named]
	}
	return false
}

// shapeDecl writes ForProtocol and protocolShape for a shaped type.
func (g *gen) shapeDecl(f *jen.File, n *model.Named) {
	if !g.shaped[n] {
		return
	}
	f.Comment("// ForProtocol returns a copy of x shaped for protocol version v: the")
	f.Comment("// members that do not exist at v are left out (rpc.Versioned).")
	f.Func().Params(jen.Id("x").Op("*").Id(n.Name)).Id("ForProtocol").Params(jen.Id("v").Int()).Any().Block(
		jen.If(jen.Id("x").Op("==").Nil()).Block(jen.Return(jen.Id("x"))),
		jen.Id("y").Op(":=").Id("x").Dot("protocolShape").Call(jen.Id("v")),
		jen.Return(jen.Op("&").Id("y")),
	)
	f.Line()
	f.Func().Params(jen.Id("x").Id(n.Name)).Id("protocolShape").Params(jen.Id("v").Int()).Id(n.Name).BlockFunc(func(b *jen.Group) {
		if n.Kind == model.Alias {
			b.Return(shapeCall(*n.Target, jen.Id("x")))
			return
		}
		g.shapeFields(b, n)
		b.Return(jen.Id("x"))
	})
	f.Line()
}

// shapeFields writes the statements that shape each member of struct n.
func (g *gen) shapeFields(b *jen.Group, n *model.Named) {
	ids := fieldIDs(n, names.NewAllocator("MarshalJSON", "UnmarshalJSON", "ForProtocol", "protocolShape"))
	zeroDeclared := false
	for i, fld := range n.Fields {
		if ids[i] == "" {
			continue
		}
		member := jen.Id("x").Dot(ids[i])
		if fld.Versioned() {
			if !zeroDeclared {
				b.Var().Id("zero").Id(n.Name)
				zeroDeclared = true
			}
			stmt := b.If(outside(fld)).Block(member.Clone().Op("=").Id("zero").Dot(ids[i]))
			if inner := g.shapeMember(fld, ids[i]); inner != nil {
				stmt.Else().Block(inner...)
			}
			continue
		}
		b.Add(g.shapeMember(fld, ids[i])...)
	}
}

// outside is the condition "version v is outside the member's range".
func outside(f *model.Field) jen.Code {
	var conds []jen.Code
	if f.Since != 0 {
		conds = append(conds, jen.Id("v").Op("<").Lit(int(f.Since)))
	}
	if f.Until != 0 {
		conds = append(conds, jen.Id("v").Op(">").Lit(int(f.Until)))
	}
	if len(conds) == 1 {
		return conds[0]
	}
	return jen.Add(conds[0]).Op("||").Add(conds[1])
}

// shapeMember shapes the value of one member when its type is shaped:
// a struct in place, through its pointer, or each element of a slice or
// map. A member that is absent or null is left alone.
func (g *gen) shapeMember(f *model.Field, id string) []jen.Code {
	if !holdsShaped(f.Type, g.shaped) {
		return nil
	}
	member := jen.Id("x").Dot(id)
	switch {
	case f.Type.Kind != model.Ref:
		return []jen.Code{member.Clone().Op("=").Add(shapeCall(f.Type, member.Clone()))}
	case g.memberForm(f) == formPointer:
		return []jen.Code{jen.If(member.Clone().Op("!=").Nil()).Block(
			jen.Id("s").Op(":=").Add(member.Clone()).Dot("protocolShape").Call(jen.Id("v")),
			member.Clone().Op("=").Op("&").Id("s"),
		)}
	case g.memberForm(f) == formNullable:
		return []jen.Code{jen.If(member.Clone().Dot("Value").Op("!=").Nil()).Block(
			jen.Id("s").Op(":=").Add(member.Clone()).Dot("Value").Dot("protocolShape").Call(jen.Id("v")),
			member.Clone().Dot("Value").Op("=").Op("&").Id("s"),
		)}
	default:
		return []jen.Code{member.Clone().Op("=").Add(member.Clone()).Dot("protocolShape").Call(jen.Id("v"))}
	}
}

// shapeCall shapes a value of type t (a shaped struct, or an array or
// map of one).
func shapeCall(t model.Type, value *jen.Statement) jen.Code {
	switch t.Kind {
	case model.Array:
		return jen.Id("shapeEach").Call(value, jen.Id("v"))
	case model.Map:
		return jen.Id("shapeValues").Call(value, jen.Id("v"))
	default:
		return value.Dot("protocolShape").Call(jen.Id("v"))
	}
}
