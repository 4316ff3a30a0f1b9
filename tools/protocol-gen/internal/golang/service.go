package golang

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// signature is "(ctx context.Context, params *P) (*R, error)".
func (g *gen) signature(s *jen.Statement, m *manifest.Method, named bool) *jen.Statement {
	p := g.opts.Protocol
	ctx, params := jen.Qual("context", "Context"), jen.Op("*").Add(g.valueType(p.Type(&m.Params)))
	if named {
		ctx, params = jen.Id("ctx").Add(ctx), jen.Id("params").Add(params)
	}
	return s.Params(ctx, params).Params(jen.Op("*").Add(g.valueType(p.Type(&m.Result))), jen.Error())
}

// goMethod is a method's Go name: its wire name split on "." and "-",
// each part capitalized.
func (g *gen) goMethod(m *manifest.Method) string {
	return g.methods[m.Name][len("Method"):]
}

// handlerFile: the Handler interface and Unimplemented.
func (g *gen) handlerFile(f *jen.File) {
	p := g.opts.Protocol
	f.Comment("// Handler serves the protocol's methods, one Go method per manifest method, each with\n" +
		"// the decoded params and returning the result to send. Embed Unimplemented to serve a subset.")
	f.Type().Id("Handler").InterfaceFunc(func(i *jen.Group) {
		for _, m := range p.Methods {
			i.Comment(comment(doctext.Lines(g.goMethod(m) + " serves " + strconv.Quote(m.Name) + ": " + m.Summary)))
			g.signature(i.Id(g.goMethod(m)), m, true)
		}
	})
	f.Line()
	f.Comment("// Unimplemented answers every method with INVALID_REQUEST \"unknown method: <name>\".\n" +
		"// Embedded in a Handler, it keeps the build green when the manifest gains methods.")
	f.Type().Id("Unimplemented").Struct()
	f.Line()
	for _, m := range p.Methods {
		f.Comment("// " + g.goMethod(m) + " answers \"unknown method: " + m.Name + "\".")
		g.signature(f.Func().Params(jen.Id("Unimplemented")).Id(g.goMethod(m)), m, false).Block(
			jen.Return(jen.Nil(), jen.Qual(wirePath, "InvalidRequest").Call(jen.Lit("unknown method: %s"), jen.Id(g.methods[m.Name]))),
		)
		f.Line()
	}
}

// dispatchFile: NewTable and its generic adapter.
func (g *gen) dispatchFile(f *jen.File) {
	p := g.opts.Protocol
	f.Comment("// NewTable returns the dispatch table of h: for each method, the params are decoded\n" +
		"// into the method's params type, h is called, and its result is returned.")
	f.Func().Id("NewTable").Params(jen.Id("h").Id("Handler")).Qual(rpcPath, "Table").Block(
		jen.Return(jen.Qual(rpcPath, "Table").CustomFunc(multiline, func(d *jen.Group) {
			for _, m := range p.Methods {
				d.Id(g.methods[m.Name]).Op(":").Id("handle").Call(jen.Id(g.methods[m.Name]), jen.Id("h").Dot(g.goMethod(m)))
			}
		})),
	)
	f.Line()
	f.Comment("// handle adapts a typed handler method to an rpc.HandlerFunc. A nil result is returned\n" +
		"// as a nil interface, never as a typed nil.")
	f.Func().Id("handle").Types(jen.List(jen.Id("P"), jen.Id("R")).Any()).Params(
		jen.Id("method").String(),
		jen.Id("serve").Func().Params(jen.Qual("context", "Context"), jen.Op("*").Id("P")).Params(jen.Op("*").Id("R"), jen.Error()),
	).Qual(rpcPath, "HandlerFunc").Block(
		jen.Return(jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("raw").Qual(jsonPath, "RawMessage")).Params(jen.Any(), jen.Error()).Block(
			jen.Id("params").Op(":=").New(jen.Id("P")),
			jen.If(jen.Err().Op(":=").Qual(rpcPath, "DecodeParams").Call(jen.Id("raw"), jen.Id("params")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual(wirePath, "InvalidRequest").Call(jen.Lit("invalid %s params: %v"), jen.Id("method"), jen.Err())),
			),
			jen.List(jen.Id("result"), jen.Err()).Op(":=").Id("serve").Call(jen.Id("ctx"), jen.Id("params")),
			jen.If(jen.Err().Op("!=").Nil().Op("||").Id("result").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("result"), jen.Nil()),
		)),
	)
}

// clientFile: Client, NewClient, one method per protocol method.
func (g *gen) clientFile(f *jen.File) {
	p := g.opts.Protocol
	f.Comment("// Client calls the protocol's methods through an rpc.Caller, one Go method per manifest\n" +
		"// method. Nil params are sent as {}. Two-phase methods wait past the \"accepted\" reply\n" +
		"// and return the final one.")
	f.Type().Id("Client").Struct(jen.Id("caller").Qual(rpcPath, "Caller"))
	f.Line()
	f.Comment("// NewClient returns a Client that sends its requests through caller.")
	f.Func().Id("NewClient").Params(jen.Id("caller").Qual(rpcPath, "Caller")).Op("*").Id("Client").Block(
		jen.Return(jen.Op("&").Id("Client").Values(kv("caller", jen.Id("caller")))),
	)
	f.Line()
	for _, m := range p.Methods {
		helper := "call"
		if g.nullableResult(p.Type(&m.Result)) {
			helper = "callNullable"
		}
		doc := g.goMethod(m) + " calls " + strconv.Quote(m.Name) + ": " + m.Summary
		if m.TwoPhase {
			doc += " It is two-phase: the call returns the final reply."
		}
		f.Comment(comment(doctext.Lines(doc)))
		g.signature(f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(g.goMethod(m)), m, true).Block(
			jen.Return(jen.Id(helper).Types(g.valueType(p.Type(&m.Params)), g.valueType(p.Type(&m.Result))).Call(
				jen.Id("ctx"), jen.Id("c").Dot("caller"), jen.Id(g.methods[m.Name]), jen.Id("params"), jen.Lit(m.TwoPhase))),
		)
		f.Line()
	}
	g.clientHelpers(f)
}

// nullableResult reports whether a result may be null, which the client
// returns as a nil pointer.
func (g *gen) nullableResult(n *model.Named) bool {
	return n.Nullable || n.Underlying().Nullable
}

func (g *gen) clientHelpers(f *jen.File) {
	sig := func(name string) *jen.Statement {
		return f.Func().Id(name).Types(jen.List(jen.Id("P"), jen.Id("R")).Any()).Params(
			jen.Id("ctx").Qual("context", "Context"), jen.Id("caller").Qual(rpcPath, "Caller"),
			jen.Id("method").String(), jen.Id("params").Op("*").Id("P"), jen.Id("twoPhase").Bool(),
		).Params(jen.Op("*").Id("R"), jen.Error())
	}
	body := func(result jen.Code, target jen.Code) []jen.Code {
		return []jen.Code{
			jen.Var().Id("body").Any().Op("=").Struct().Values(),
			jen.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("body").Op("=").Id("params")),
			result,
			jen.If(jen.Err().Op(":=").Id("caller").Dot("Call").Call(jen.Id("ctx"), jen.Id("method"), jen.Id("body"), target,
				jen.Qual(rpcPath, "CallOptions").Values(kv("ExpectFinal", jen.Id("twoPhase")))), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()),
			),
			jen.Return(jen.Id("result"), jen.Nil()),
		}
	}
	f.Comment("// call sends one request and decodes the reply's payload.")
	sig("call").Block(body(jen.Id("result").Op(":=").New(jen.Id("R")), jen.Id("result"))...)
	f.Line()
	f.Comment("// callNullable is call for results that may be null: a null result is returned as nil.")
	sig("callNullable").Block(body(jen.Var().Id("result").Op("*").Id("R"), jen.Op("&").Id("result"))...)
}

// eventsFile: DecodeEventPayload.
func (g *gen) eventsFile(f *jen.File) {
	p := g.opts.Protocol
	f.Comment("// DecodeEventPayload decodes the payload of the named event and returns a pointer to\n" +
		"// the event's payload type (e.g. *TickEvent). An absent payload decodes as the zero\n" +
		"// value; a null payload of a nullable type as nil.")
	f.Func().Id("DecodeEventPayload").Params(jen.Id("event").String(), jen.Id("payload").Qual(jsonPath, "RawMessage")).Params(jen.Any(), jen.Error()).Block(
		jen.Switch(jen.Id("event")).BlockFunc(func(s *jen.Group) {
			for _, e := range p.Events {
				s.Case(jen.Id(g.events[e.Name])).Block(jen.Return(
					jen.Id("decodePayload").Types(g.valueType(p.Type(&e.Payload))).Call(jen.Id("event"), jen.Id("payload"), jen.Lit(g.nullableResult(p.Type(&e.Payload)))),
				))
			}
			s.Default().Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("unknown event %q"), jen.Id("event"))))
		}),
	)
	f.Line()
	f.Comment("// decodePayload decodes an event payload into a new T.")
	f.Func().Id("decodePayload").Types(jen.Id("T").Any()).Params(jen.Id("event").String(), jen.Id("payload").Qual(jsonPath, "RawMessage"), jen.Id("nullable").Bool()).Params(jen.Any(), jen.Error()).Block(
		jen.If(jen.Id("nullable").Op("&&").String().Call(jen.Id("payload")).Op("==").Lit("null")).Block(jen.Return(jen.Nil(), jen.Nil())),
		jen.Id("v").Op(":=").New(jen.Id("T")),
		jen.If(jen.Len(jen.Id("payload")).Op("==").Lit(0)).Block(jen.Return(jen.Id("v"), jen.Nil())),
		jen.If(jen.Err().Op(":=").Qual(jsonPath, "Unmarshal").Call(jen.Id("payload"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode %s payload: %w"), jen.Id("event"), jen.Err())),
		),
		jen.Return(jen.Id("v"), jen.Nil()),
	)
}
