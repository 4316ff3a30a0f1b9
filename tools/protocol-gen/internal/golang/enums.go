package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// enumDecl declares a string enum: a named string type, one constant per
// value and a Valid method.
func (g *gen) enumDecl(f *jen.File, n *model.Named) {
	var extra []string
	if n.Nullable {
		extra = append(extra, "The value may also be null.")
	}
	f.Comment(typeDoc(n.Name, n, extra...))
	f.Type().Id(n.Name).String()
	f.Line()
	consts := g.enumConsts[n]
	defs := make([]jen.Code, len(n.Values))
	cases := make([]jen.Code, len(n.Values))
	for i, v := range n.Values {
		defs[i] = jen.Id(consts[i]).Id(n.Name).Op("=").Lit(v)
		if since := n.ValueSince[v]; since != 0 {
			defs[i] = jen.Add(defs[i]).Comment(fmt.Sprintf("since protocol version %d", since))
		}
		cases[i] = jen.Id(consts[i])
	}
	f.Comment("// The values of " + n.Name + ".")
	f.Const().Defs(defs...)
	f.Line()
	f.Comment("// Valid reports whether v is one of the values of " + n.Name + ".")
	f.Func().Params(jen.Id("v").Id(n.Name)).Id("Valid").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True()))),
		jen.Return(jen.False()),
	)
	f.Line()
}
