package golang

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// structDecl declares a struct, plus MarshalJSON and UnmarshalJSON when it
// keeps undeclared members.
func (g *gen) structDecl(f *jen.File, n *model.Named) {
	alloc := names.NewAllocator("MarshalJSON", "UnmarshalJSON", "ForProtocol", "protocolShape")
	var fields []jen.Code
	var known, skipped []string
	ids := fieldIDs(n, alloc)
	for i, fld := range n.Fields {
		if ids[i] == "" {
			skipped = append(skipped, strconv.Quote(fld.Name))
			continue
		}
		if doc := fieldDoc(fld); doc != "" {
			fields = append(fields, jen.Comment(doc))
		}
		code, opts := g.field(fld)
		fields = append(fields, jen.Id(ids[i]).Add(code).Tag(map[string]string{"json": tag(fld.Name, opts)}))
		known = append(known, fld.Name)
	}
	extraID := ""
	if g.needsCodec(n) {
		extraID = alloc.Unique("Extra")
		fields = append(fields, g.extraField(n, extraID, skipped)...)
	}
	f.Comment(typeDoc(n.Name, n))
	f.Type().Id(n.Name).Struct(fields...)
	f.Line()
	if extraID != "" {
		g.codecMethods(f, n.Name, extraID, known)
	}
}

// fieldIDs returns the Go names of a struct's fields, by index; "" for a
// member whose name cannot be a struct tag (it is kept with the extra
// members instead). alloc holds the names already taken.
func fieldIDs(n *model.Named, alloc *names.Allocator) []string {
	ids := make([]string, len(n.Fields))
	for i, fld := range n.Fields {
		if !validTag(fld.Name) {
			continue
		}
		id := names.GoExported(fld.Name)
		if id == "" {
			id = "Field" + strconv.Itoa(i+1)
		}
		ids[i] = alloc.Unique(id)
	}
	return ids
}

// tag is the json tag of a member: its name and options. A member named
// "-" needs a comma, or encoding/json would skip the field.
func tag(name, opts string) string {
	if name == "-" && opts == "" {
		return "-,"
	}
	return name + opts
}

func (g *gen) extraField(n *model.Named, id string, skipped []string) []jen.Code {
	elem := g.elem(model.Type{Kind: model.Raw})
	lines := []string{id + " holds the members the schema admits but does not declare, by name."}
	if n.Extra != nil && len(skipped) == 0 {
		elem = g.elem(*n.Extra)
		lines = append(lines, n.Extra.Notes()...)
	}
	if len(skipped) > 0 {
		lines = append(lines, "It also holds the members whose names cannot be Go struct tags:")
		for _, s := range skipped {
			lines = append(lines, "  - "+s)
		}
	}
	return []jen.Code{
		jen.Comment(comment(lines)),
		jen.Id(id).Map(jen.String()).Add(elem).Tag(map[string]string{"json": "-"}),
	}
}

// codecMethods writes MarshalJSON and UnmarshalJSON that carry the extra
// members through a round trip.
func (g *gen) codecMethods(f *jen.File, typeName, extraID string, known []string) {
	knownArgs := make([]jen.Code, len(known))
	for i, k := range known {
		knownArgs[i] = jen.Lit(k)
	}
	f.Comment("// MarshalJSON encodes the declared members and those of " + extraID + ".")
	f.Func().Params(jen.Id("v").Id(typeName)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("plain").Id(typeName),
		jen.Return(jen.Id("marshalWithExtra").Call(append([]jen.Code{jen.Id("plain").Call(jen.Id("v")), jen.Id("v").Dot(extraID)}, knownArgs...)...)),
	)
	f.Line()
	f.Comment("// UnmarshalJSON decodes the declared members and keeps the others in " + extraID + ".")
	f.Func().Params(jen.Id("v").Op("*").Id(typeName)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Type().Id("plain").Id(typeName),
		jen.If(jen.Err().Op(":=").Qual(jsonPath, "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id("plain")).Call(jen.Id("v"))), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
		jen.Return(jen.Id("unmarshalExtra").Call(append([]jen.Code{jen.Id("data"), jen.Op("&").Id("v").Dot(extraID)}, knownArgs...)...)),
	)
	f.Line()
}

// boundDecl declares a definition bound by x-go-type as an alias of the
// bound type.
func (g *gen) boundDecl(f *jen.File, n *model.Named) {
	f.Comment(typeDoc(n.Name, n, "It is bound by x-go-type to "+n.GoType+"."))
	f.Type().Id(n.Name).Op("=").Add(boundType(n.GoType))
	f.Line()
}

// aliasDecl declares a definition that names another type: a defined type
// for arrays and maps, an alias otherwise.
func (g *gen) aliasDecl(f *jen.File, n *model.Named) {
	t := *n.Target
	var extra []string
	if n.Nullable {
		extra = append(extra, "The value may also be null.")
	}
	extra = append(extra, t.Notes()...)
	f.Comment(typeDoc(n.Name, n, extra...))
	code, _ := g.base(t)
	if t.Kind == model.Array || t.Kind == model.Map {
		f.Type().Id(n.Name).Add(code)
	} else {
		f.Type().Id(n.Name).Op("=").Add(code)
	}
	f.Line()
}
