package golang

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// unionDecl declares a discriminated union as a sealed interface, marks
// each variant, and adds the decode function and, where the union is
// used as a member or payload, its holder.
func (g *gen) unionDecl(f *jen.File, n *model.Named) {
	marker := "is" + n.Name
	variants := make([]string, len(n.Variants))
	for i, v := range n.Variants {
		variants[i] = "*" + v.Type.Name + " (" + v.Value + ")"
	}
	f.Comment(typeDoc(n.Name, n,
		"It is one of "+strings.Join(variants, ", ")+", chosen by the "+strconv.Quote(n.Discriminator)+" member; "+g.decoders[n]+" decodes one."))
	f.Type().Id(n.Name).Interface(jen.Id(marker).Params())
	f.Line()
	seen := map[*model.Named]bool{}
	for _, v := range n.Variants {
		s := variantStruct(v)
		if seen[s] {
			continue
		}
		seen[s] = true
		f.Func().Params(jen.Op("*").Id(s.Name)).Id(marker).Params().Block()
		f.Line()
	}
	g.decodeFunc(f, n)
	if h := g.holders[n]; h != "" {
		g.holderDecl(f, n, h)
	}
}

func (g *gen) decodeFunc(f *jen.File, n *model.Named) {
	name := g.decoders[n]
	cases := make([]jen.Code, 0, len(n.Variants)+1)
	for _, v := range n.Variants {
		cases = append(cases, jen.Case(jen.Lit(v.Value)).Block(jen.Id("v").Op("=").New(jen.Id(v.Type.Name))))
	}
	cases = append(cases, jen.Default().Block(
		jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+n.Name+": unknown "+n.Discriminator+" %q"), jen.Id("tag"))),
	))
	f.Comment("// " + name + " decodes data as the " + n.Name + " variant its " + strconv.Quote(n.Discriminator) + " member names; the result is a pointer to the variant's struct.")
	f.Func().Id(name).Params(jen.Id("data").Index().Byte()).Params(jen.Id(n.Name), jen.Error()).Block(
		jen.List(jen.Id("tag"), jen.Err()).Op(":=").Id("unionDiscriminator").Call(jen.Id("data"), jen.Lit(n.Discriminator)),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+n.Name+": %w"), jen.Err())),
		),
		jen.Var().Id("v").Id(n.Name),
		jen.Switch(jen.Id("tag")).Block(cases...),
		jen.If(jen.Err().Op(":=").Qual(jsonPath, "Unmarshal").Call(jen.Id("data"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+n.Name+" %q: %w"), jen.Id("tag"), jen.Err())),
		),
		jen.Return(jen.Id("v"), jen.Nil()),
	)
	f.Line()
}

// holderDecl declares XValue, which holds a union where encoding/json
// needs a concrete type: a member, an element, params or a payload.
func (g *gen) holderDecl(f *jen.File, n *model.Named, h string) {
	f.Comment("// " + h + " holds a " + n.Name + " as a member, element, params or payload; a nil Value is JSON null.")
	f.Type().Id(h).Struct(jen.Id("Value").Id(n.Name))
	f.Line()
	f.Comment("// MarshalJSON encodes the held variant, or null.")
	f.Func().Params(jen.Id("v").Id(h)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(jsonPath, "Marshal").Call(jen.Id("v").Dot("Value"))),
	)
	f.Line()
	f.Comment("// UnmarshalJSON decodes the variant the discriminator names; null leaves Value nil.")
	f.Func().Params(jen.Id("v").Op("*").Id(h)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.String().Call(jen.Id("data")).Op("==").Lit("null")).Block(
			jen.Id("v").Dot("Value").Op("=").Nil(),
			jen.Return(jen.Nil()),
		),
		jen.List(jen.Id("u"), jen.Err()).Op(":=").Id(g.decoders[n]).Call(jen.Id("data")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("v").Dot("Value").Op("=").Id("u"),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

// rawUnionDecl declares a union Go cannot seal as raw JSON.
func (g *gen) rawUnionDecl(f *jen.File, n *model.Named) {
	f.Comment(typeDoc(n.Name, n, "Raw JSON: "+g.unionRaw[n]+"."))
	f.Type().Id(n.Name).Op("=").Qual(jsonPath, "RawMessage")
	f.Line()
}
