package golang

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
)

// renderProtocol writes the files made from the manifest.
func (g *gen) renderProtocol(out map[string][]byte) error {
	src := g.opts.Protocol.Source
	for _, file := range []struct {
		name  string
		build func(*jen.File)
	}{
		{"manifest_gen.go", g.manifestFile},
		{"handler_gen.go", g.handlerFile},
		{"dispatch_gen.go", g.dispatchFile},
		{"client_gen.go", g.clientFile},
		{"events_gen.go", g.eventsFile},
	} {
		if err := g.render(out, file.name, src, file.build); err != nil {
			return err
		}
	}
	return nil
}

// renderDoc writes doc_gen.go with the package comment.
func (g *gen) renderDoc(out map[string][]byte) error {
	return g.render(out, "doc_gen.go", g.opts.HelperSource, func(f *jen.File) {
		f.PackageComment(g.opts.Doc)
	})
}

var roleConsts = map[string]string{"operator": "RoleOperator", "node": "RoleNode", "any": "RoleAny"}

// manifestFile: ProtocolVersion, the method and event constants, Manifest.
func (g *gen) manifestFile(f *jen.File) {
	p := g.opts.Protocol
	f.Comment("// ProtocolVersion is the protocol version the manifest describes.")
	f.Const().Id("ProtocolVersion").Op("=").Lit(int(p.Protocol))
	f.Line()
	f.Comment("// The wire names of the protocol's methods.")
	f.Const().DefsFunc(func(d *jen.Group) {
		for _, m := range p.Methods {
			d.Comment(comment(doctext.Lines(g.methods[m.Name] + " is " + strconv.Quote(m.Name) + ": " + m.Summary)))
			d.Id(g.methods[m.Name]).Op("=").Lit(m.Name)
		}
	})
	f.Line()
	f.Comment("// The wire names of the protocol's events.")
	f.Const().DefsFunc(func(d *jen.Group) {
		for _, e := range p.Events {
			d.Comment(comment(doctext.Lines(g.events[e.Name] + " is " + strconv.Quote(e.Name) + ": " + e.Summary)))
			d.Id(g.events[e.Name]).Op("=").Lit(e.Name)
		}
	})
	f.Line()
	f.Comment("// Manifest is the protocol manifest (" + p.Source + ") as data.")
	f.Var().Id("Manifest").Op("=").Qual(rpcPath, "Manifest").Custom(multiline,
		kv("Protocol", jen.Id("ProtocolVersion")),
		kv("Policy", g.policyValue(p.Policy)),
		kv("Methods", jen.Index().Qual(rpcPath, "MethodSpec").CustomFunc(multiline, g.methodSpecs)),
		kv("Events", jen.Index().Qual(rpcPath, "EventSpec").CustomFunc(multiline, g.eventSpecs)),
	)
}

func (g *gen) policyValue(p manifest.Policy) jen.Code {
	return jen.Qual(rpcPath, "Policy").Custom(multiline,
		kv("MaxPayload", jen.Lit(int(p.MaxPayload))),
		kv("MaxBufferedBytes", jen.Lit(int(p.MaxBufferedBytes))),
		kv("TickIntervalMs", jen.Lit(int(p.TickIntervalMs))),
		kv("PreauthMaxPayload", jen.Lit(int(p.PreauthMaxPayload))),
		kv("HandshakeTimeoutMs", jen.Lit(int(p.HandshakeTimeoutMs))),
		kv("MaxPreauthSocketsPerIP", jen.Lit(int(p.MaxPreauthSocketsPerIP))),
		kv("DedupeTTLMs", jen.Lit(int(p.DedupeTTLMs))),
		kv("DedupeMax", jen.Lit(int(p.DedupeMax))),
	)
}

func (g *gen) methodSpecs(list *jen.Group) {
	for _, m := range g.opts.Protocol.Methods {
		list.Custom(multiline,
			kv("Name", jen.Id(g.methods[m.Name])),
			kv("Params", jen.Lit(m.Params.Text)),
			kv("Result", jen.Lit(m.Result.Text)),
			kv("Role", jen.Qual(rpcPath, roleConsts[m.Role])),
			kv("Scope", jen.Lit(m.Scope)),
			kv("IdempotencyKey", jen.Lit(m.IdempotencyKey)),
			kv("TwoPhase", jen.Lit(m.TwoPhase)),
			kv("Advertised", jen.Lit(m.Advertised)),
		)
	}
}

func (g *gen) eventSpecs(list *jen.Group) {
	for _, e := range g.opts.Protocol.Events {
		list.Custom(multiline,
			kv("Name", jen.Id(g.events[e.Name])),
			kv("Payload", jen.Lit(e.Payload.Text)),
			kv("Scope", jen.Lit(e.Scope)),
			kv("ToNodes", jen.Lit(e.ToNodes)),
			kv("DropIfSlow", jen.Lit(e.DropIfSlow)),
		)
	}
}

// multiline renders a composite literal one element per line.
var multiline = jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}

// kv is one "Key: value" element of a composite literal; unlike jen.Dict
// it keeps the order it is written in.
func kv(key string, value jen.Code) jen.Code {
	return jen.Id(key).Op(":").Add(value)
}
