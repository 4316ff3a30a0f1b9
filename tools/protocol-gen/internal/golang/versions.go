package golang

import (
	"slices"

	"github.com/dave/jennifer/jen"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
)

// protocolsValue is the manifest's protocols object as an rpc.Protocols
// literal.
func protocolsValue(p manifest.Protocols) jen.Code {
	return jen.Qual(rpcPath, "Protocols").Custom(multiline,
		kv("Current", jen.Lit(int(p.Current))),
		kv("Accepted", jen.Index().Int().ValuesFunc(func(l *jen.Group) {
			for _, v := range p.Accepted {
				l.Lit(int(v))
			}
		})),
		kv("NodeMin", jen.Lit(int(p.NodeMin))),
		kv("ProbeMin", jen.Lit(int(p.ProbeMin))),
		kv("AuthorizationError", jen.Map(jen.Int()).String().Custom(multiline, versionEntries(p.AuthorizationError, func(code string) jen.Code {
			return jen.Lit(code)
		})...)),
	)
}

// methodVersions is a method spec's Versions member, when it has
// overrides.
func methodVersions(vs map[int64]*manifest.MethodVersion) []jen.Code {
	if len(vs) == 0 {
		return nil
	}
	return []jen.Code{kv("Versions", jen.Map(jen.Int()).Qual(rpcPath, "MethodVersion").Custom(multiline,
		versionEntries(vs, func(o *manifest.MethodVersion) jen.Code {
			var fields []jen.Code
			if o.Scope != nil {
				fields = append(fields, kv("Scope", jen.Lit(*o.Scope)), kv("ScopeSet", jen.True()))
			}
			if o.Params.Text != "" {
				fields = append(fields, kv("Params", jen.Lit(o.Params.Text)))
			}
			if o.Result.Text != "" {
				fields = append(fields, kv("Result", jen.Lit(o.Result.Text)))
			}
			return jen.Values(fields...)
		})...))}
}

// eventVersions is an event spec's Versions member, when it has
// overrides.
func eventVersions(vs map[int64]*manifest.Ref) []jen.Code {
	if len(vs) == 0 {
		return nil
	}
	return []jen.Code{kv("Versions", jen.Map(jen.Int()).Qual(rpcPath, "EventVersion").Custom(multiline,
		versionEntries(vs, func(r *manifest.Ref) jen.Code {
			return jen.Values(kv("Payload", jen.Lit(r.Text)))
		})...))}
}

// versionEntries renders a map keyed by version in ascending order, so
// the output does not depend on map iteration.
func versionEntries[V any](m map[int64]V, value func(V) jen.Code) []jen.Code {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]jen.Code, len(keys))
	for i, k := range keys {
		out[i] = jen.Lit(int(k)).Op(":").Add(value(m[k]))
	}
	return out
}
