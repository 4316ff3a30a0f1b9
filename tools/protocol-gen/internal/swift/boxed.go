package swift

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/model"

// boxedTypes finds the structs and unions that contain themselves by value
// (through members, optionals and union cases, not arrays or maps). Swift
// cannot lay such types out inline: structs become final classes and
// unions indirect enums.
func boxedTypes(m *model.Model) map[*model.Named]bool {
	edges := map[*model.Named][]*model.Named{}
	for _, n := range m.Types {
		switch n.Kind {
		case model.Struct:
			for _, f := range n.Fields {
				if t := inline(f.Type); t != nil {
					edges[n] = append(edges[n], t)
				}
			}
		case model.Union:
			for _, v := range n.Variants {
				if t := inline(model.Type{Kind: model.Ref, Named: v.Type}); t != nil {
					edges[n] = append(edges[n], t)
				}
			}
		}
	}
	return onCycles(m.Types, edges)
}

// inline returns the struct or union a use stores inline, if any.
func inline(t model.Type) *model.Named {
	if t.Kind != model.Ref {
		return nil
	}
	u := t.Named.Underlying()
	if u.Kind == model.Ref && (u.Named.Kind == model.Struct || u.Named.Kind == model.Union) {
		return u.Named
	}
	return nil
}

// onCycles returns the nodes that lie on a cycle of the graph.
func onCycles(nodes []*model.Named, edges map[*model.Named][]*model.Named) map[*model.Named]bool {
	comp, size := model.Components(nodes, edges)
	out := map[*model.Named]bool{}
	for _, n := range nodes {
		if size[comp[n]] > 1 {
			out[n] = true
			continue
		}
		for _, m := range edges[n] {
			if m == n {
				out[n] = true
			}
		}
	}
	return out
}
