package golang

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// targetMethods names an emitter's method per route target and the name
// of the key that picks the recipients ("" for a broadcast).
var targetMethods = []struct{ target, method, key, doc string }{
	{"broadcast", "Broadcast", "", "every open connection the route's guard allows"},
	{"session", "ToSession", "sessionKey", "the connections subscribed to the session"},
	{"run", "ToRun", "runID", "the connections that requested the run"},
	{"connection", "ToConnection", "connID", "one connection"},
	{"node", "ToNode", "nodeID", "the connections of one node"},
}

// emittersFile: one typed emitter per event, with one method per route
// target the manifest gives the event.
func (g *gen) emittersFile(f *jen.File) {
	for i, e := range g.opts.Protocol.Events {
		g.emitter(f, i, e)
	}
}

func (g *gen) emitter(f *jen.File, index int, e *manifest.Event) {
	goName := g.events[e.Name][len("Event"):] + "Emitter"
	f.Comment(comment(doctext.Lines(goName + " sends " + strconv.Quote(e.Name) + " events along the routes the manifest gives them: " + e.Summary)))
	f.Type().Id(goName).Struct(jen.Id("pub").Qual(rpcPath, "Publisher"))
	f.Line()
	f.Comment("// New" + goName + " returns an emitter of " + strconv.Quote(e.Name) + " over pub, which records that the\n// gateway emits the event (hello-ok features.events).")
	f.Func().Id("New"+goName).Params(jen.Id("pub").Qual(rpcPath, "Publisher")).Id(goName).Block(
		jen.Id("pub").Dot("Bind").Call(jen.Id(g.events[e.Name])),
		jen.Return(jen.Id(goName).Values(kv("pub", jen.Id("pub")))),
	)
	f.Line()
	payload := g.valueType(g.opts.Protocol.Type(&e.Payload))
	for _, t := range targetMethods {
		if !hasTarget(e, t.target) {
			continue
		}
		params := []jen.Code{}
		key := jen.Lit("")
		if t.key != "" {
			params = append(params, jen.Id(t.key).String())
			key = jen.Id(t.key)
		}
		params = append(params, jen.Id("p").Op("*").Add(payload))
		sv := jen.Nil()
		if t.target == "broadcast" && e.StateVersion {
			params = append(params, jen.Id("sv").Op("*").Qual(wirePath, "StateVersion"))
			sv = jen.Id("sv")
		}
		f.Comment("// " + t.method + " sends p to " + t.doc + ", along each " + t.target + " route of the event\n" +
			"// whose condition holds for p. It returns the number of connections it was queued for.")
		f.Func().Params(jen.Id("e").Id(goName)).Id(t.method).Params(params...).Params(jen.Int(), jen.Error()).Block(
			jen.Return(jen.Qual(rpcPath, "Emit").Call(jen.Id("e").Dot("pub"), jen.Op("&").Id("Manifest").Dot("Events").Index(jen.Lit(index)),
				jen.Qual(rpcPath, targetConsts[t.target]), key, jen.Id("p"), sv, g.memberFunc(e))),
		)
		f.Line()
	}
}

func hasTarget(e *manifest.Event, target string) bool {
	for _, r := range e.Routes {
		if r.Target == target {
			return true
		}
	}
	return false
}

// memberFunc is the function that reads the payload members the event's
// route conditions name, or nil when it has none.
func (g *gen) memberFunc(e *manifest.Event) jen.Code {
	var members []string
	seen := map[string]bool{}
	for _, r := range e.Routes {
		for _, c := range []*manifest.Condition{r.When, r.DropIfSlowWhen} {
			if c != nil && !seen[c.Member] {
				seen[c.Member] = true
				members = append(members, c.Member)
			}
		}
	}
	if len(members) == 0 {
		return jen.Nil()
	}
	return jen.Func().Params(jen.Id("member").String()).String().Block(
		jen.Switch(jen.Id("member")).BlockFunc(func(s *jen.Group) {
			for _, m := range members {
				value := jen.Id("p").Dot(names.GoExported(m))
				if f := manifest.ConditionField(g.opts.Protocol.Type(&e.Payload), m); f != nil && f.Type.Kind != model.String {
					value = jen.String().Call(value) // a string enum
				}
				s.Case(jen.Lit(m)).Block(jen.Return(value))
			}
		}),
		jen.Return(jen.Lit("")),
	)
}
