package golang

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/model"

// recursiveFields finds the required, non-null struct members that would
// make a struct contain itself by value; they are generated as pointers.
func recursiveFields(m *model.Model) map[*model.Field]bool {
	edges := map[*model.Named][]*model.Named{}
	for _, n := range m.Types {
		if n.Kind != model.Struct || n.GoType != "" {
			continue
		}
		for _, f := range n.Fields {
			if t := byValueStruct(f); t != nil {
				edges[n] = append(edges[n], t)
			}
		}
	}
	comp, _ := model.Components(m.Types, edges)
	out := map[*model.Field]bool{}
	for _, n := range m.Types {
		for _, f := range n.Fields {
			// A by-value member whose struct is in n's own component
			// closes a cycle: it is n itself, or the component holds both.
			if t := byValueStruct(f); t != nil && comp[t] == comp[n] {
				out[f] = true
			}
		}
	}
	return out
}

// byValueStruct returns the generated struct a member holds by value.
func byValueStruct(f *model.Field) *model.Named {
	if !f.Required || f.Type.Nullable || f.Type.Kind != model.Ref || f.Type.Named.GoType != "" {
		return nil
	}
	u := f.Type.Named.Underlying()
	if u.Kind == model.Ref && u.Named.Kind == model.Struct && u.Named.GoType == "" && !u.Nullable {
		return u.Named
	}
	return nil
}
