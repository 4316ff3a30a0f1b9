package swift

import (
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// enumCaseReserved are member names of a String-backed, CaseIterable enum
// that a case may not take.
var enumCaseReserved = []string{"allCases", "rawValue", "init", "hashValue"}

// unionCaseReserved are the members a union enum defines.
var unionCaseReserved = []string{"init", "encode", "DiscriminatorKey"}

// enumDecl writes a String-backed enum.
func (g *gen) enumDecl(w *writer, n *model.Named) {
	typeDoc(w, n)
	w.open("public enum %s: String, Codable, Sendable, CaseIterable {", n.Name)
	alloc := names.NewAllocator(enumCaseReserved...)
	for i, v := range n.Values {
		w.doc(versionRange{since: int(n.ValueSince[v])}.doc())
		w.line("case %s = %s", escapeCase(alloc.Unique(caseName(v, i))), literal(v))
	}
	w.close("}")
}

// unionDecl writes a discriminated union as an enum with one case per
// variant, decoded by reading the discriminator first.
func (g *gen) unionDecl(w *writer, n *model.Named) {
	typeDoc(w, n, "Decoded by the "+literal(n.Discriminator)+" member.")
	indirect := ""
	if g.boxed[n] {
		indirect = "indirect "
	}
	w.open("public %senum %s: Codable, Sendable {", indirect, n.Name)
	alloc := names.NewAllocator(unionCaseReserved...)
	cases := make([]string, len(n.Variants))
	for i, v := range n.Variants {
		cases[i] = escapeCase(alloc.Unique(caseName(v.Value, i)))
		w.line("case %s(%s)", cases[i], v.Type.Name)
	}
	w.line("")
	w.open("private enum DiscriminatorKey: String, CodingKey {")
	w.line("case discriminator = %s", literal(n.Discriminator))
	w.close("}")
	w.line("")
	unionDecoder(w, n, cases)
	w.line("")
	unionEncoder(w, cases)
	w.close("}")
}

// unionDecoder writes init(from:), which reads the discriminator and
// decodes the whole object as the variant it names.
func unionDecoder(w *writer, n *model.Named, cases []string) {
	w.open("public init(from decoder: Decoder) throws {")
	w.line("let container = try decoder.container(keyedBy: DiscriminatorKey.self)")
	w.line("let tag = try container.decode(String.self, forKey: .discriminator)")
	w.line("switch tag {")
	for i, v := range n.Variants {
		w.line("case %s:", literal(v.Value))
		w.indent++
		w.line("self = .%s(try %s(from: decoder))", cases[i], v.Type.Name)
		w.indent--
	}
	w.line("default:")
	w.indent++
	w.line("throw DecodingError.dataCorruptedError(forKey: .discriminator, in: container, debugDescription: %s + tag)",
		literal("unknown "+n.Discriminator+" of "+n.Name+": "))
	w.indent--
	w.line("}")
	w.close("}")
}

// unionEncoder writes encode(to:), which encodes the held variant.
func unionEncoder(w *writer, cases []string) {
	w.open("public func encode(to encoder: Encoder) throws {")
	w.line("switch self {")
	for _, c := range cases {
		w.line("case .%s(let value):", c)
		w.indent++
		w.line("try value.encode(to: encoder)")
		w.indent--
	}
	w.line("}")
	w.close("}")
}

// aliasDecl writes a typealias.
func (g *gen) aliasDecl(w *writer, n *model.Named) {
	t := *n.Target
	var extra []string
	if n.Nullable {
		extra = append(extra, "The value may also be null.")
	}
	if refersTo(t, n, 0) {
		extra = append(extra, "Raw JSON: the type contains itself.")
		t = model.Type{Kind: model.Raw}
	}
	typeDoc(w, n, append(extra, t.Notes()...)...)
	w.line("public typealias %s = %s", n.Name, g.typeExpr(t, false))
}

// refersTo reports whether a type use reaches n through aliases, array
// elements and map values — a type alias Swift cannot express.
func refersTo(t model.Type, n *model.Named, depth int) bool {
	if depth > 64 {
		return true
	}
	switch {
	case t.Kind == model.Ref && t.Named == n:
		return true
	case t.Kind == model.Ref && t.Named.Kind == model.Alias && t.Named.Target != nil:
		return refersTo(*t.Named.Target, n, depth+1)
	case t.Elem != nil:
		return refersTo(*t.Elem, n, depth+1)
	}
	return false
}
