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
		{"domains_gen.go", g.allDomainsFile},
		{"dispatch_gen.go", g.dispatchFile},
		{"client_gen.go", g.clientFile},
		{"events_gen.go", g.eventsFile},
		{"emitters_gen.go", g.emittersFile},
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
	f.Comment("// ProtocolVersion is the current protocol version: the one the gateway")
	f.Comment("// offers to every client whose range includes it.")
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
	f.Comment("// The handler domains of the protocol's methods.")
	f.Const().DefsFunc(func(d *jen.Group) {
		for _, dom := range g.domains() {
			d.Comment("// " + domainConst(dom) + " is the domain " + strconv.Quote(dom) + ".")
			d.Id(domainConst(dom)).Op("=").Lit(dom)
		}
	})
	f.Line()
	f.Comment("// Manifest is the protocol manifest (" + p.Source + ") as data.")
	f.Var().Id("Manifest").Op("=").Qual(rpcPath, "Manifest").Custom(multiline,
		kv("Protocol", jen.Id("ProtocolVersion")),
		kv("Protocols", protocolsValue(p.Protocols)),
		kv("Policy", g.policyValue(p.Policy)),
		kv("Roles", jen.Index().Qual(rpcPath, "Role").ValuesFunc(func(l *jen.Group) {
			for _, r := range p.Roles {
				l.Add(roleValue(r.Name))
			}
		})),
		kv("Scopes", jen.Qual(rpcPath, "ScopeTable").CustomFunc(multiline, g.scopeSpecs)),
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
		list.Custom(multiline, append([]jen.Code{
			kv("Name", jen.Id(g.methods[m.Name])),
			kv("Domain", jen.Id(domainConst(m.Domain))),
			kv("Params", jen.Lit(m.Params.Text)),
			kv("Result", jen.Lit(m.Result.Text)),
			kv("Role", roleValue(m.Role)),
			kv("Scope", jen.Lit(m.Scope)),
			kv("IdempotencyKey", jen.Lit(m.IdempotencyKey)),
			kv("TwoPhase", jen.Lit(m.TwoPhase)),
			kv("Advertised", jen.Lit(m.Advertised)),
		}, append(append(handlerDedupes(m.HandlerDedupes), versionFields(m.Since, m.Until)...), methodVersions(m.Versions)...)...)...)
	}
}

func (g *gen) eventSpecs(list *jen.Group) {
	for _, e := range g.opts.Protocol.Events {
		list.Custom(multiline, append(append([]jen.Code{
			kv("Name", jen.Id(g.events[e.Name])),
			kv("Payload", jen.Lit(e.Payload.Text)),
			kv("StateVersion", jen.Lit(e.StateVersion)),
			kv("Routes", jen.Index().Qual(rpcPath, "RouteSpec").CustomFunc(multiline, func(rl *jen.Group) {
				for _, r := range e.Routes {
					rl.Custom(multiline, routeFields(r)...)
				}
			})),
		}, versionFields(e.Since, e.Until)...), eventVersions(e.Versions)...)...)
	}
}

// routeFields are the members of one rpc.RouteSpec literal; zero values
// are left out.
func routeFields(r *manifest.Route) []jen.Code {
	out := []jen.Code{kv("Target", jen.Qual(rpcPath, targetConsts[r.Target]))}
	if r.Role != "" {
		out = append(out, kv("Role", roleValue(r.Role)))
	}
	if r.Scope != "" {
		out = append(out, kv("Scope", jen.Lit(r.Scope)))
	}
	if r.Capability != "" {
		out = append(out, kv("Capability", jen.Lit(r.Capability)))
	}
	if r.SeqFrom != 0 {
		out = append(out, kv("SeqFrom", jen.Lit(int(r.SeqFrom))))
	}
	if r.DropIfSlow {
		out = append(out, kv("DropIfSlow", jen.True()))
	}
	if c := r.DropIfSlowWhen; c != nil {
		out = append(out, kv("DropIfSlowWhen", conditionValue(c)))
	}
	if c := r.When; c != nil {
		out = append(out, kv("When", conditionValue(c)))
	}
	return append(out, versionFields(r.Since, r.Until)...)
}

// versionFields are the Since and Until members of a spec, when set.
// handlerDedupes is the HandlerDedupes field, written only when set.
func handlerDedupes(set bool) []jen.Code {
	if !set {
		return nil
	}
	return []jen.Code{kv("HandlerDedupes", jen.Lit(true))}
}

func versionFields(since, until int64) []jen.Code {
	var out []jen.Code
	if since != 0 {
		out = append(out, kv("Since", jen.Lit(int(since))))
	}
	if until != 0 {
		out = append(out, kv("Until", jen.Lit(int(until))))
	}
	return out
}

func conditionValue(c *manifest.Condition) jen.Code {
	fields := []jen.Code{kv("Member", jen.Lit(c.Member)), kv("Equals", jen.Lit(c.Equals))}
	if c.Negate {
		fields = append(fields, kv("Negate", jen.True()))
	}
	return jen.Qual(rpcPath, "Condition").Values(fields...)
}

var targetConsts = map[string]string{
	"broadcast": "TargetBroadcast", "session": "TargetSession", "run": "TargetRun",
	"connection": "TargetConnection", "node": "TargetNode",
}

// roleValue is a role as Go code: the runtime's constant for the roles it
// names, else a converted literal.
func roleValue(role string) jen.Code {
	if c, ok := roleConsts[role]; ok {
		return jen.Qual(rpcPath, c)
	}
	return jen.Qual(rpcPath, "Role").Call(jen.Lit(role))
}

func (g *gen) scopeSpecs(list *jen.Group) {
	for _, s := range g.opts.Protocol.Scopes {
		implies := jen.Index().String().ValuesFunc(func(l *jen.Group) {
			for _, i := range s.Implies {
				l.Lit(i)
			}
		})
		if len(s.Implies) == 0 {
			implies = jen.Nil()
		}
		list.Custom(multiline, kv("Name", jen.Lit(s.Name)), kv("Role", roleValue(s.Role)), kv("Implies", implies))
	}
}

// multiline renders a composite literal one element per line.
var multiline = jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}

// kv is one "Key: value" element of a composite literal; unlike jen.Dict
// it keeps the order it is written in.
func kv(key string, value jen.Code) jen.Code {
	return jen.Id(key).Op(":").Add(value)
}
