package swift

import (
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// structDecl writes a struct (a final class when it contains itself) with
// a memberwise initializer and, when needed, CodingKeys.
func (g *gen) structDecl(w *writer, n *model.Named) {
	typeDoc(w, n)
	kind := "struct"
	if g.boxed[n] {
		kind = "final class"
	}
	w.open("public %s %s: Codable, Sendable {", kind, n.Name)
	props := g.properties(n)
	for i, p := range props {
		if i > 0 && len(p.doc) > 0 {
			w.line("")
		}
		w.doc(p.doc)
		w.line("public let %s: %s", p.name, p.typ)
	}
	if len(props) > 0 {
		w.line("")
	}
	g.initializer(w, props)
	g.codingKeys(w, props)
	w.close("}")
}

type property struct {
	name, key, typ string
	optional       bool
	doc            []string
}

func (g *gen) properties(n *model.Named) []property {
	alloc := names.NewAllocator("CodingKeys")
	out := make([]property, 0, len(n.Fields))
	for i, f := range n.Fields {
		versions := versionRange{since: int(f.Since), until: int(f.Until)}
		// A member some protocol version lacks is optional in the one
		// model that decodes every version, even where it is required
		// (the model already says so; this keeps Swift safe either way).
		required := f.Required && !versions.bounded()
		optional := !required || optionalForNull(f.Type)
		doc := doctext.AppendMissing(doctext.Lines(f.Description), f.Type.Notes()...)
		if vdoc := versions.doc(); vdoc != nil {
			if len(doc) > 0 {
				doc = append(doc, "")
			}
			doc = append(doc, vdoc...)
		}
		out = append(out, property{
			name:     alloc.Unique(propertyName(f.Name, i)),
			key:      f.Name,
			typ:      g.typeExpr(f.Type, optional),
			optional: !required,
			doc:      doc,
		})
	}
	return out
}

func (g *gen) initializer(w *writer, props []property) {
	params := make([]string, len(props))
	for i, p := range props {
		params[i] = p.name + ": " + p.typ
		if p.optional {
			params[i] += " = nil"
		}
	}
	if len(props) == 0 {
		w.line("public init() {}")
		return
	}
	w.open("public init(")
	for i, p := range params {
		sep := ","
		if i == len(params)-1 {
			sep = ""
		}
		w.line("%s%s", p, sep)
	}
	w.indent--
	w.open(") {")
	for _, p := range props {
		w.line("self.%s = %s", p.name, p.name)
	}
	w.close("}")
}

// codingKeys writes CodingKeys when a property name differs from its key.
func (g *gen) codingKeys(w *writer, props []property) {
	differs := false
	for _, p := range props {
		differs = differs || p.name != p.key
	}
	if !differs {
		return
	}
	w.line("")
	w.open("private enum CodingKeys: String, CodingKey {")
	for _, p := range props {
		if p.name == p.key {
			w.line("case %s", p.name)
		} else {
			w.line("case %s = %s", p.name, literal(p.key))
		}
	}
	w.close("}")
}
