package golang

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// signature is "(ctx context.Context, params *P) (*R, error)", the typed
// client's; with call set, "(ctx context.Context, call *rpc.Call, params
// *P) (*R, error)", a handler's.
func (g *gen) signature(s *jen.Statement, m *manifest.Method, named, call bool) *jen.Statement {
	p := g.opts.Protocol
	ctx, params := jen.Qual("context", "Context"), jen.Op("*").Add(g.valueType(p.Type(&m.Params)))
	c := jen.Op("*").Qual(rpcPath, "Call")
	if named {
		ctx, params, c = jen.Id("ctx").Add(ctx), jen.Id("params").Add(params), jen.Id("call").Add(c)
	}
	args := []jen.Code{ctx, params}
	if call {
		args = []jen.Code{ctx, c, params}
	}
	return s.Params(args...).Params(jen.Op("*").Add(g.valueType(p.Type(&m.Result))), jen.Error())
}

// goMethod is a method's Go name: its wire name split on "." and "-",
// each part capitalized.
func (g *gen) goMethod(m *manifest.Method) string {
	return g.methods[m.Name][len("Method"):]
}

// domains returns the methods' domains in order of first appearance.
func (g *gen) domains() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range g.opts.Protocol.Methods {
		if !seen[m.Domain] {
			seen[m.Domain] = true
			out = append(out, m.Domain)
		}
	}
	return out
}

// domainGo is a domain's Go name, e.g. "NodePairing".
func domainGo(domain string) string { return names.Pascal(domain) }

// domainConst is the constant naming a domain, e.g. "DomainNodePairing".
func domainConst(domain string) string { return "Domain" + domainGo(domain) }

// handlerFile: one handler interface and one Register function per domain.
func (g *gen) handlerFile(f *jen.File) {
	for _, dom := range g.domains() {
		var methods []*manifest.Method
		for _, m := range g.opts.Protocol.Methods {
			if m.Domain == dom {
				methods = append(methods, m)
			}
		}
		iface := domainGo(dom) + "Handler"
		f.Comment("// " + iface + " serves the methods of domain " + strconv.Quote(dom) + ", one Go method per\n" +
			"// manifest method, each with its caller and the decoded params, returning the result to send.")
		f.Type().Id(iface).InterfaceFunc(func(i *jen.Group) {
			for _, m := range methods {
				i.Comment(comment(doctext.Lines(g.goMethod(m) + " serves " + strconv.Quote(m.Name) + ": " + m.Summary)))
				g.signature(i.Id(g.goMethod(m)), m, true, true)
			}
		})
		f.Line()
		unimpl := "Unimplemented" + iface
		f.Comment("// " + unimpl + " answers every method of domain " + strconv.Quote(dom) + " with INVALID_REQUEST\n" +
			"// \"unknown method: <name>\". Embedded in a handler, it keeps the build green when the domain gains methods.")
		f.Type().Id(unimpl).Struct()
		f.Line()
		for _, m := range methods {
			f.Comment("// " + g.goMethod(m) + " answers \"unknown method: " + m.Name + "\".")
			g.signature(f.Func().Params(jen.Id(unimpl)).Id(g.goMethod(m)), m, false, true).Block(
				jen.Return(jen.Nil(), jen.Qual(wirePath, "InvalidRequest").Call(jen.Lit("unknown method: %s"), jen.Id(g.methods[m.Name]))),
			)
			f.Line()
		}
		f.Comment("// Register" + domainGo(dom) + " registers the methods of domain " + strconv.Quote(dom) + " served by h in r.\n" +
			"// It fails, registering nothing, when one of them is registered already; when h implements\n" +
			"// rpc.FastPaths, its fast paths replace the typed handlers of the methods they name.")
		f.Func().Id("Register"+domainGo(dom)).Params(jen.Id("r").Op("*").Qual(rpcPath, "Registry"), jen.Id("h").Id(iface)).Error().Block(
			jen.Return(jen.Id("r").Dot("RegisterDomain").Call(jen.Id(domainConst(dom)), jen.Id("h"),
				jen.Index().Qual(rpcPath, "Entry").CustomFunc(multiline, func(l *jen.Group) {
					for _, m := range methods {
						l.Values(kv("Name", jen.Id(g.methods[m.Name])), kv("Handler", jen.Id("handle").Call(jen.Id(g.methods[m.Name]), jen.Id("h").Dot(g.goMethod(m)))))
					}
				}))),
		)
		f.Line()
	}
}

// allDomainsFile: Handler (every domain), Unimplemented and RegisterAll.
func (g *gen) allDomainsFile(f *jen.File) {
	f.Comment("// Handler serves every method of the protocol: the handler interfaces of all domains.")
	f.Type().Id("Handler").InterfaceFunc(func(i *jen.Group) {
		for _, dom := range g.domains() {
			i.Id(domainGo(dom) + "Handler")
		}
	})
	f.Line()
	f.Comment("// Unimplemented answers every method with INVALID_REQUEST \"unknown method: <name>\";\n" +
		"// embedded in a Handler, it serves what the handler does not implement.")
	f.Type().Id("Unimplemented").StructFunc(func(s *jen.Group) {
		for _, dom := range g.domains() {
			s.Id("Unimplemented" + domainGo(dom) + "Handler")
		}
	})
	f.Line()
	f.Comment("// RegisterAll registers every domain of h in r.")
	f.Func().Id("RegisterAll").Params(jen.Id("r").Op("*").Qual(rpcPath, "Registry"), jen.Id("h").Id("Handler")).Error().BlockFunc(func(b *jen.Group) {
		for _, dom := range g.domains() {
			b.If(jen.Err().Op(":=").Id("Register"+domainGo(dom)).Call(jen.Id("r"), jen.Id("h")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
		b.Return(jen.Nil())
	})
}

// dispatchFile: the generic adapter from a typed handler method to an
// rpc.HandlerFunc.
func (g *gen) dispatchFile(f *jen.File) {
	f.Comment("// handle adapts a typed handler method to an rpc.HandlerFunc: the params are decoded into\n" +
		"// the method's params type and serve is called. A nil result is returned as a nil\n" +
		"// interface, never as a typed nil.")
	f.Func().Id("handle").Types(jen.List(jen.Id("P"), jen.Id("R")).Any()).Params(
		jen.Id("method").String(),
		jen.Id("serve").Func().Params(jen.Qual("context", "Context"), jen.Op("*").Qual(rpcPath, "Call"), jen.Op("*").Id("P")).Params(jen.Op("*").Id("R"), jen.Error()),
	).Qual(rpcPath, "HandlerFunc").Block(
		jen.Return(jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("call").Op("*").Qual(rpcPath, "Call"), jen.Id("raw").Qual(jsonPath, "RawMessage")).Params(jen.Any(), jen.Error()).Block(
			jen.Id("params").Op(":=").New(jen.Id("P")),
			jen.If(jen.Err().Op(":=").Qual(rpcPath, "DecodeParams").Call(jen.Id("raw"), jen.Id("params")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual(wirePath, "InvalidRequest").Call(jen.Lit("invalid %s params: %v"), jen.Id("method"), jen.Err())),
			),
			jen.List(jen.Id("result"), jen.Err()).Op(":=").Id("serve").Call(jen.Id("ctx"), jen.Id("call"), jen.Id("params")),
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
		g.signature(f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(g.goMethod(m)), m, true, false).Block(
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
