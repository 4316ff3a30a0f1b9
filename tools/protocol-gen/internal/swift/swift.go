// Package swift projects the model onto Swift: Codable and Sendable
// structs with camelCase properties (CodingKeys only where a JSON name
// differs), String-backed enums, enums with associated values for
// discriminated unions, and AnyCodable for untyped JSON. It can also write
// the Swift package manifest and the file holding the protocol version,
// the error codes and the frame union.
package swift

import (
	"fmt"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
)

// File groups the types written to one Swift file.
type File struct {
	// Name is the path of the file, relative to the output directory.
	Name string
	// Source names the schema file in the header.
	Source string
	// Types are written in this order.
	Types []*model.Named
	// Preamble lines come before the types (e.g. the version constant).
	Preamble []string
}

// Options list the files to write.
type Options struct {
	Files []File
	// AnyCodable is the path of the AnyCodable file; Source its header source.
	AnyCodable, AnyCodableSource string
	// Package, when set, is the library name of a Package.swift written at
	// the root, whose target holds the files under SourcesDir.
	Package, SourcesDir, PackageSource string
}

// Generate renders the Swift files, keyed by path.
func Generate(m *model.Model, opts Options) (map[string][]byte, error) {
	g := &gen{model: m, boxed: boxedTypes(m)}
	out := map[string][]byte{}
	add := func(name, text string) error {
		if _, dup := out[name]; dup {
			return fmt.Errorf("two generated Swift files are named %s", name)
		}
		out[name] = []byte(text)
		return nil
	}
	for _, f := range opts.Files {
		if len(f.Types) == 0 && len(f.Preamble) == 0 {
			continue
		}
		if err := add(f.Name, g.file(f)); err != nil {
			return nil, err
		}
	}
	if err := add(opts.AnyCodable, header(opts.AnyCodableSource)+anyCodableSource); err != nil {
		return nil, err
	}
	if opts.Package != "" {
		if err := add("Package.swift", packageManifest(opts.Package, opts.SourcesDir, opts.PackageSource)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func header(source string) string {
	return "// " + doctext.Header + "\n// Source: " + doctext.Escape(source) + "\n"
}

type gen struct {
	model *model.Model
	boxed map[*model.Named]bool
}

func (g *gen) file(f File) string {
	w := &writer{}
	w.b.WriteString(header(f.Source))
	for _, p := range f.Preamble {
		w.line("")
		w.b.WriteString(p)
	}
	for _, n := range f.Types {
		w.line("")
		g.declare(w, n)
	}
	return w.b.String()
}

func (g *gen) declare(w *writer, n *model.Named) {
	switch n.Kind {
	case model.Struct:
		g.structDecl(w, n)
	case model.Enum:
		g.enumDecl(w, n)
	case model.Union:
		g.unionDecl(w, n)
	default:
		g.aliasDecl(w, n)
	}
}

// typeDoc writes which member an anonymous type types, its description
// and its schema location.
func typeDoc(w *writer, n *model.Named, extra ...string) {
	var lines []string
	if n.Member != "" {
		lines = append(lines, "The type of "+n.Member+".", "")
	}
	if desc := doctext.Lines(n.Description); len(desc) > 0 {
		lines = append(append(lines, desc...), "")
	}
	lines = append(lines, "Schema: "+doctext.Location(n.Schema.Doc.Name, n.Schema.Pointer)+".")
	if len(extra) > 0 {
		lines = append(append(lines, ""), extra...)
	}
	w.doc(lines)
}

// typeExpr is the Swift type of a use; optional adds "?".
func (g *gen) typeExpr(t model.Type, optional bool) string {
	var s string
	switch t.Kind {
	case model.String:
		s = "String"
	case model.Integer:
		s = "Int"
	case model.Number:
		s = "Double"
	case model.Boolean:
		s = "Bool"
	case model.Array:
		s = "[" + g.typeExpr(*t.Elem, optionalForNull(*t.Elem)) + "]"
	case model.Map:
		s = "[String: " + g.typeExpr(*t.Elem, optionalForNull(*t.Elem)) + "]"
	case model.Ref:
		s = t.Named.Name
	default:
		s = "AnyCodable"
	}
	if optional {
		s += "?"
	}
	return s
}

// optionalForNull reports whether a use needs a Swift optional to hold
// null; AnyCodable holds null itself.
func optionalForNull(t model.Type) bool { return t.Nullable && t.Kind != model.Raw }
