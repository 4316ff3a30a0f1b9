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
	tokens, _ := jsonnode.Tokens(s.Pointer)
	base, rest := DocumentTypeName(s.Doc), tokens
	for i := len(tokens) - 1; i >= 0; i-- {
		prefix := jsonnode.Join("", tokens[:i]...)
		if owner := b.namedAt[s.Doc][prefix]; owner != nil && prefix != s.Pointer {
			base, rest = owner.Name, tokens[i:]
			break
		}
	}
	name := base + strings.Join(nameParts(rest), "")
	if name == "" {
		return "Type"
	}
	return name
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
