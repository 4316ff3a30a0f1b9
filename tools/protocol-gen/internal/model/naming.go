package model

import (
	"path"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// pathName derives a type name from where a schema sits: the name of the
// nearest enclosing named type followed by one part per step below it
// (property names, "Item" for array items, "Value" for map values), e.g.
// /$defs/HelloOk/properties/features → HelloOkFeatures.
func (b *builder) pathName(s *load.Schema) string {
	base, rest := b.owner(s)
	name := base + strings.Join(nameParts(rest), "")
	if name == "" {
		return "Type"
	}
	return name
}

// owner returns the name of the nearest named type enclosing s (the
// document's type name when there is none) and the pointer steps from it
// down to s.
func (b *builder) owner(s *load.Schema) (name string, steps []string) {
	tokens, _ := jsonnode.Tokens(s.Pointer)
	for i := len(tokens) - 1; i >= 0; i-- {
		prefix := jsonnode.Join("", tokens[:i]...)
		if owner := b.namedAt[s.Doc][prefix]; owner != nil && prefix != s.Pointer {
			return owner.Name, tokens[i:]
		}
	}
	return DocumentTypeName(s.Doc), tokens
}

// memberPath says which member of its owner an anonymous type types, in
// the notation of a JavaScript property path: "AgentParams.promptMode",
// "Foo.bars[]" for array items, "Foo.labels{}" for map values. It returns
// "" when the path goes through anything else (a union branch, allOf).
func (b *builder) memberPath(s *load.Schema) string {
	name, steps := b.owner(s)
	var path strings.Builder
	path.WriteString(name)
	for i := 0; i < len(steps); i++ {
		switch {
		case steps[i] == "properties" && i+1 < len(steps):
			path.WriteString("." + steps[i+1])
			i++
		case steps[i] == "items" || steps[i] == "additionalItems":
			path.WriteString("[]")
		case steps[i] == "additionalProperties":
			path.WriteString("{}")
		default:
			return ""
		}
	}
	if len(steps) == 0 {
		return ""
	}
	return path.String()
}

// DocumentTypeName is the type name a document's root schema gets: its
// file name in PascalCase ("vega-lite-schema.json" → "VegaLiteSchema").
func DocumentTypeName(doc *load.Document) string {
	base := strings.TrimSuffix(path.Base(doc.Name), path.Ext(doc.Name))
	if n := names.TypeName(base); n != "" {
		return n
	}
	return "Document"
}

// nameParts turns the pointer steps below a named type into name parts.
func nameParts(tokens []string) []string {
	var parts []string
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		next, hasNext := "", i+1 < len(tokens)
		if hasNext {
			next = tokens[i+1]
		}
		switch {
		case (t == "properties" || t == "definitions" || t == "$defs" || t == "dependentSchemas") && hasNext:
			parts = append(parts, partOr(names.TypePart(next), "Field"))
			i++
		case t == "patternProperties" && hasNext:
			parts = append(parts, "Value")
			i++
		case t == "additionalProperties" || t == "unevaluatedProperties":
			parts = append(parts, "Value")
		case (t == "items" || t == "prefixItems") && hasNext && isIndex(next):
			parts = append(parts, "Item"+next)
			i++
		case t == "items" || t == "additionalItems":
			parts = append(parts, "Item")
		case t == "allOf" && hasNext:
			i++
		case (t == "oneOf" || t == "anyOf") && hasNext:
			parts = append(parts, "Variant"+next)
			i++
		default:
			parts = append(parts, partOr(names.TypePart(t), "Part"))
		}
	}
	return parts
}

func partOr(part, fallback string) string {
	if part == "" {
		return fallback
	}
	return part
}

func isIndex(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
