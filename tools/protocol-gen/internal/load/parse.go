package load

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
)

// parse builds the Schema view of node (once per node) and of every
// subschema below it.
func (s *Set) parse(doc *Document, node *jsonnode.Node, ptr, base string) *Schema {
	if sc := s.byNode[node]; sc != nil {
		return sc
	}
	sc := &Schema{Doc: doc, Node: node, Pointer: ptr, Base: base}
	s.byNode[node] = sc
	s.all = append(s.all, sc)
	switch node.Kind {
	case jsonnode.Bool:
		sc.IsBool, sc.BoolValue = true, node.Bool
		return sc
	case jsonnode.Object:
	default:
		s.Problem(doc.ErrorAt(node, ptr, "a schema must be an object or a boolean, not %s", describe(node)))
		sc.IsBool, sc.BoolValue = true, true
		return sc
	}
	s.applyID(sc)
	for i := range node.Members {
		s.keyword(sc, &node.Members[i])
	}
	if s.opts.Strict {
		s.checkRequiredDeclared(sc)
	}
	return sc
}

// applyID handles $id (and draft-04 id): a new base URI or an anchor.
func (s *Set) applyID(sc *Schema) {
	m := sc.Node.Member("$id")
	if m == nil && sc.Doc.draft04 {
		m = sc.Node.Member("id")
	}
	if m == nil || m.Value.Kind != jsonnode.String {
		return
	}
	uri, frag, err := resolveURI(sc.Base, m.Value.Text)
	if err != nil {
		s.Problem(sc.Doc.ErrorAt(m.Value, jsonnode.Join(sc.Pointer, m.Key), "invalid $id: %v", err))
		return
	}
	if !strings.HasPrefix(m.Value.Text, "#") {
		sc.Base = uri
		if _, taken := s.resources[uri]; !taken {
			s.resources[uri] = sc
		}
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		s.anchors[uri+"#"+frag] = sc
	}
}

// keyword checks the shape of one member of a schema object and records
// what typing needs.
func (s *Set) keyword(sc *Schema, m *jsonnode.Member) {
	ptr := jsonnode.Join(sc.Pointer, m.Key)
	kind, known := keywords[m.Key]
	if !known {
		s.unknownKeyword(sc, m, ptr)
		return
	}
	if ok, want := shapeOK(kind, m.Value); !ok {
		s.Problem(sc.Doc.ErrorAt(m.Value, ptr, "%s must be %s", m.Key, want))
		return
	}
	if typingKeywords[m.Key] {
		sc.hasTyping = true
	}
	s.apply(sc, m, ptr)
}

func (s *Set) unknownKeyword(sc *Schema, m *jsonnode.Member, ptr string) {
	switch {
	case m.Key == "x-go-type":
		s.xGoType(sc, m, ptr)
	case m.Key == "x-since" || m.Key == "x-until":
		s.versionMark(sc, m, ptr)
	case m.Key == "x-enum-since":
		s.enumSince(sc, m, ptr)
	case strings.HasPrefix(m.Key, "x-"):
	case m.Key == "id" && sc.Doc.draft04:
	case s.opts.Strict:
		msg := fmt.Sprintf("unknown keyword %q", m.Key)
		if hint := suggest(m.Key); hint != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", hint)
		}
		s.Problem(sc.Doc.KeyErrorAt(m, ptr, "%s", msg))
	}
}

// versionMark records x-since or x-until: the first or last protocol
// version a property exists in.
func (s *Set) versionMark(sc *Schema, m *jsonnode.Member, ptr string) {
	v, ok := m.Value.Int()
	if !ok || v < 1 {
		s.Problem(sc.Doc.ErrorAt(m.Value, ptr, "%s must be a protocol version (a positive integer)", m.Key))
		return
	}
	if m.Key == "x-since" {
		sc.Since = v
	} else {
		sc.Until = v
	}
}

// enumSince records x-enum-since: the protocol version each listed enum
// value exists from.
func (s *Set) enumSince(sc *Schema, m *jsonnode.Member, ptr string) {
	if m.Value.Kind != jsonnode.Object {
		s.Problem(sc.Doc.ErrorAt(m.Value, ptr, "x-enum-since must map enum values to protocol versions"))
		return
	}
	sc.EnumSince = map[string]int64{}
	for i := range m.Value.Members {
		member := &m.Value.Members[i]
		v, ok := member.Value.Int()
		if !ok || v < 1 {
			s.Problem(sc.Doc.ErrorAt(member.Value, jsonnode.Join(ptr, member.Key), "x-enum-since values must be protocol versions (positive integers)"))
			continue
		}
		sc.EnumSince[member.Key] = v
	}
}

// goTypeBinding matches "import/path.Name".
var goTypeBinding = regexp.MustCompile(`^[A-Za-z0-9_.\-~]+(/[A-Za-z0-9_.\-~]+)*\.[A-Z][A-Za-z0-9_]*$`)

func (s *Set) xGoType(sc *Schema, m *jsonnode.Member, ptr string) {
	if m.Value.Kind != jsonnode.String || !goTypeBinding.MatchString(m.Value.Text) {
		s.Problem(sc.Doc.ErrorAt(m.Value, ptr, "x-go-type must be a string \"import/path.Name\""))
		return
	}
	sc.XGoType = m.Value.Text
}

// apply records the typing-relevant content of a well-shaped keyword and
// parses the subschemas it holds.
func (s *Set) apply(sc *Schema, m *jsonnode.Member, ptr string) {
	v := m.Value
	switch m.Key {
	case "$ref":
		sc.Ref = v.Text
	case "$dynamicRef", "$recursiveRef":
		if sc.Ref == "" {
			sc.Ref = v.Text
		}
	case "type":
		s.applyType(sc, v, ptr)
	case "enum":
		sc.Enum, sc.HasEnum = v.Items, true
	case "const":
		sc.Const = v
	case "title":
		sc.Title = v.Text
	case "description":
		sc.Description = v.Text
	case "format":
		sc.Format = v.Text
	case "nullable":
		sc.Nullable = v.Bool
	case "discriminator": // OpenAPI: {"propertyName": …}; some registries write the name alone
		if pn := v.Get("propertyName"); pn != nil && pn.Kind == jsonnode.String {
			sc.Discriminator = pn.Text
		} else if v.Kind == jsonnode.String {
			sc.Discriminator = v.Text
		}
	case "required":
		s.applyRequired(sc, v, ptr)
	case "pattern":
		s.checkPattern(sc, v, ptr, v.Text)
	case "$anchor", "$dynamicAnchor":
		s.anchors[sc.Base+"#"+v.Text] = sc
	default:
		s.applySubschemas(sc, m, ptr)
	}
}

func (s *Set) applyType(sc *Schema, v *jsonnode.Node, ptr string) {
	names := []*jsonnode.Node{v}
	if v.Kind == jsonnode.Array {
		names = v.Items
	}
	seen := map[string]bool{}
	for i, n := range names {
		at := ptr
		if v.Kind == jsonnode.Array {
			at = jsonnode.Join(ptr, fmt.Sprint(i))
		}
		switch {
		case !typeNames[n.Text] && n.Text == "any" && !s.opts.Strict:
		case !typeNames[n.Text]:
			s.Problem(sc.Doc.ErrorAt(n, at, "unknown type %q (want one of null, boolean, object, array, number, string, integer)", n.Text))
		case seen[n.Text]:
			s.Problem(sc.Doc.ErrorAt(n, at, "type %q is listed twice", n.Text))
		default:
			seen[n.Text] = true
			sc.Types = append(sc.Types, n.Text)
		}
	}
}

func (s *Set) applyRequired(sc *Schema, v *jsonnode.Node, ptr string) {
	seen := map[string]bool{}
	for i, n := range v.Items {
		if seen[n.Text] {
			s.Problem(sc.Doc.ErrorAt(n, jsonnode.Join(ptr, fmt.Sprint(i)), "required lists %q twice", n.Text))
			continue
		}
		seen[n.Text] = true
		sc.Required = append(sc.Required, n.Text)
	}
}

// checkPattern reports, when strict, a regular expression Go cannot
// compile (the gateway validates with Go's regexp).
func (s *Set) checkPattern(sc *Schema, at *jsonnode.Node, ptr, re string) {
	if !s.opts.Strict {
		return
	}
	if _, err := regexp.Compile(re); err != nil {
		s.Problem(sc.Doc.ErrorAt(at, ptr, "invalid regular expression: %v", err))
	}
}

func (s *Set) applySubschemas(sc *Schema, m *jsonnode.Member, ptr string) {
	v := m.Value
	switch m.Key {
	case "properties":
		sc.Properties = s.parseMap(sc, v, ptr)
	case "patternProperties":
		sc.PatternProperties = s.parseMap(sc, v, ptr)
		for i, p := range sc.PatternProperties {
			s.checkPattern(sc, v.Members[i].Value, jsonnode.Join(ptr, p.Name), p.Name)
		}
	case "definitions", "$defs":
		sc.Defs = append(sc.Defs, s.parseMap(sc, v, ptr)...)
	case "dependentSchemas":
		s.parseMap(sc, v, ptr)
	case "dependencies":
		for _, dm := range v.Members {
			if dm.Value.Kind != jsonnode.Array {
				s.parse(sc.Doc, dm.Value, jsonnode.Join(ptr, dm.Key), sc.Base)
			}
		}
	case "additionalProperties":
		sc.AdditionalProperties = s.parse(sc.Doc, v, ptr, sc.Base)
	case "unevaluatedProperties":
		sub := s.parse(sc.Doc, v, ptr, sc.Base)
		sc.ClosedByUnevaluated = sub.IsBool && !sub.BoolValue
	case "items":
		if v.Kind == jsonnode.Array {
			sc.PrefixItems = s.parseList(sc, v, ptr)
		} else {
			sc.Items = s.parse(sc.Doc, v, ptr, sc.Base)
		}
	case "prefixItems":
		sc.PrefixItems = s.parseList(sc, v, ptr)
	case "additionalItems":
		sc.AdditionalItems = s.parse(sc.Doc, v, ptr, sc.Base)
	case "allOf":
		sc.AllOf = s.parseList(sc, v, ptr)
	case "anyOf":
		sc.AnyOf = s.parseList(sc, v, ptr)
	case "oneOf":
		sc.OneOf = s.parseList(sc, v, ptr)
	case "not", "if", "then", "else", "contains", "propertyNames", "contentSchema", "unevaluatedItems":
		s.parse(sc.Doc, v, ptr, sc.Base)
	}
}

func (s *Set) parseMap(sc *Schema, v *jsonnode.Node, ptr string) []Property {
	out := make([]Property, 0, len(v.Members))
	for _, m := range v.Members {
		out = append(out, Property{Name: m.Key, Schema: s.parse(sc.Doc, m.Value, jsonnode.Join(ptr, m.Key), sc.Base)})
	}
	return out
}

func (s *Set) parseList(sc *Schema, v *jsonnode.Node, ptr string) []*Schema {
	out := make([]*Schema, 0, len(v.Items))
	for i, it := range v.Items {
		out = append(out, s.parse(sc.Doc, it, jsonnode.Join(ptr, fmt.Sprint(i)), sc.Base))
	}
	return out
}

// checkRequiredDeclared reports a required name that no property declares
// when nothing else (combinators, pattern or additional properties) could
// declare it: almost always a typo.
func (s *Set) checkRequiredDeclared(sc *Schema) {
	if sc.Properties == nil || len(sc.AllOf)+len(sc.AnyOf)+len(sc.OneOf) > 0 || sc.PatternProperties != nil || sc.Ref != "" {
		return
	}
	if ap := sc.AdditionalProperties; ap != nil && !(ap.IsBool && !ap.BoolValue) {
		return
	}
	if len(sc.Required) == 0 {
		return // absent, or malformed and already reported
	}
	var reported map[string]bool // made on the first undeclared name
	for i, item := range sc.Node.Get("required").Items {
		if sc.Property(item.Text) == nil && !reported[item.Text] {
			if reported == nil {
				reported = map[string]bool{}
			}
			reported[item.Text] = true
			s.Problem(sc.Doc.ErrorAt(item, jsonnode.Join(sc.Pointer, "required", fmt.Sprint(i)),
				"required property %q is not declared in properties", item.Text))
		}
	}
}
