package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/runtime/clip"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
)

// planKind is the structural decision taken for one schema.
type planKind int

const (
	pRaw planKind = iota
	pString
	pInteger
	pNumber
	pBoolean
	pRef
	pArray
	pMap
	pStruct
	pEnum
	pUnion
)

// plan is what a schema becomes, decided from its keywords alone.
type plan struct {
	kind       planKind
	nullable   bool
	reason     string // pRaw: why
	constText  string
	note       string
	target     *load.Schema // pRef
	elem       *load.Schema // pArray, pMap; nil means raw elements
	elemReason string
	values     []string    // pEnum
	object     *objectView // pStruct
	union      *unionView  // pUnion
}

// plan returns the (memoized) plan of s.
func (b *builder) plan(s *load.Schema) *plan {
	if p := b.plans[s]; p != nil {
		return p
	}
	b.plans[s] = &plan{kind: pRaw, reason: "the schema is defined in terms of itself"} // cycle guard
	p := b.decide(s)
	b.plans[s] = p
	return p
}

func (b *builder) decide(s *load.Schema) *plan {
	if s.IsBool {
		if s.BoolValue {
			return &plan{kind: pRaw}
		}
		return &plan{kind: pRaw, reason: "the schema false allows no value"}
	}
	nullable := s.Nullable || slices.Contains(s.Types, "null")
	types := without(s.Types, "null")
	p := b.decideTyped(s, types)
	p.nullable = p.nullable || nullable
	return p
}

func (b *builder) decideTyped(s *load.Schema, types []string) *plan {
	switch {
	case s.Ref != "" && isPureRef(s):
		return b.refPlan(s)
	case s.Const != nil:
		return constPlan(s.Const, types)
	case s.HasEnum:
		return enumPlan(s.Enum, types)
	}
	if keyword, alts := typingAlternatives(s); alts != nil && !(isObjectish(s, types) && allPartial(alts)) {
		return b.alternativesPlan(s, keyword, alts)
	}
	if len(types) > 1 {
		if len(types) == 2 && slices.Contains(types, "integer") && slices.Contains(types, "number") {
			return &plan{kind: pNumber}
		}
		return &plan{kind: pRaw, reason: "type is one of " + strings.Join(types, ", ")}
	}
	if len(s.AllOf) > 0 || s.Ref != "" {
		return b.compositionPlan(s, types)
	}
	switch kindOf(s, types) {
	case "string":
		return &plan{kind: pString}
	case "integer":
		return &plan{kind: pInteger}
	case "number":
		return &plan{kind: pNumber}
	case "boolean":
		return &plan{kind: pBoolean}
	case "array":
		return b.arrayPlan(s)
	case "object":
		return b.objectPlan(b.objectView(s))
	case "null":
		return &plan{kind: pRaw, reason: "the value is always null", nullable: true}
	default:
		return &plan{kind: pRaw}
	}
}

func (b *builder) refPlan(s *load.Schema) *plan {
	target, err := b.set.Resolve(s)
	if err != nil {
		b.set.Problem(err.(*load.Error))
		return &plan{kind: pRaw, reason: "unresolvable reference " + s.Ref}
	}
	return &plan{kind: pRef, target: target}
}

// isPureRef reports whether s is a $ref with nothing besides annotations,
// "type" and "nullable".
func isPureRef(s *load.Schema) bool {
	return len(s.Properties) == 0 && s.AdditionalProperties == nil && len(s.PatternProperties) == 0 &&
		s.Items == nil && len(s.PrefixItems) == 0 && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 &&
		s.Const == nil && !s.HasEnum
}

// kindOf is the single type of s, inferred from its keywords when "type"
// is absent.
func kindOf(s *load.Schema, types []string) string {
	if len(types) == 1 {
		return types[0]
	}
	if len(s.Types) == 1 { // only "null"
		return "null"
	}
	switch {
	case hasObjectKeywords(s):
		return "object"
	case s.Items != nil || len(s.PrefixItems) > 0:
		return "array"
	}
	return ""
}

func isObjectish(s *load.Schema, types []string) bool {
	return kindOf(s, types) == "object"
}

func constPlan(c *jsonnode.Node, types []string) *plan {
	text := c.JSON()
	switch c.Kind {
	case jsonnode.String:
		return &plan{kind: pString, constText: text}
	case jsonnode.Number:
		if c.IsInteger() && !slices.Contains(types, "number") {
			return &plan{kind: pInteger, constText: text}
		}
		return &plan{kind: pNumber, constText: text}
	case jsonnode.Bool:
		return &plan{kind: pBoolean, constText: text}
	case jsonnode.Null:
		return &plan{kind: pRaw, reason: "the value is always null", nullable: true}
	default:
		return &plan{kind: pRaw, reason: "the value is the constant " + shorten(text), constText: text}
	}
}

func enumPlan(values []*jsonnode.Node, types []string) *plan {
	var strs, texts []string
	kinds := map[jsonnode.Kind]bool{}
	allInt, nullable := true, false
	for _, v := range values {
		if v.Kind == jsonnode.Null {
			nullable = true
			continue
		}
		kinds[v.Kind] = true
		texts = append(texts, v.JSON())
		allInt = allInt && (v.Kind != jsonnode.Number || v.IsInteger())
		if v.Kind == jsonnode.String && !slices.Contains(strs, v.Text) {
			strs = append(strs, v.Text)
		}
	}
	note := "one of " + shorten(strings.Join(texts, ", "))
	switch {
	case len(kinds) == 0:
		return &plan{kind: pRaw, reason: "the value is always null", nullable: true}
	case len(kinds) > 1:
		return &plan{kind: pRaw, reason: "enum of mixed JSON types", nullable: nullable, note: note}
	case kinds[jsonnode.String] && len(strs) == 1:
		return &plan{kind: pString, constText: texts[0], nullable: nullable}
	case kinds[jsonnode.String]:
		return &plan{kind: pEnum, values: strs, nullable: nullable}
	case kinds[jsonnode.Number] && allInt && !slices.Contains(types, "number"):
		return &plan{kind: pInteger, note: note, nullable: nullable}
	case kinds[jsonnode.Number]:
		return &plan{kind: pNumber, note: note, nullable: nullable}
	case kinds[jsonnode.Bool]:
		return &plan{kind: pBoolean, note: note, nullable: nullable}
	default:
		return &plan{kind: pRaw, reason: "enum of " + describeKinds(kinds), nullable: nullable, note: note}
	}
}

func describeKinds(kinds map[jsonnode.Kind]bool) string {
	for k := range kinds {
		return k.String() + " values"
	}
	return "values"
}

func (b *builder) arrayPlan(s *load.Schema) *plan {
	if len(s.PrefixItems) == 0 {
		if s.Items != nil {
			return &plan{kind: pArray, elem: s.Items}
		}
		return &plan{kind: pArray}
	}
	items := append([]*load.Schema(nil), s.PrefixItems...)
	for _, rest := range []*load.Schema{s.Items, s.AdditionalItems} { // 2020-12 items, draft-07 additionalItems
		if rest != nil && rest.HasTyping() {
			items = append(items, rest)
		}
	}
	if b.sameShape(items) {
		return &plan{kind: pArray, elem: items[0]}
	}
	return &plan{kind: pArray, elemReason: fmt.Sprintf("tuple of %d differently typed items", len(s.PrefixItems))}
}

// sameShape reports whether every schema types the same way: the same
// scalar, or references to the same schema.
func (b *builder) sameShape(list []*load.Schema) bool {
	first := b.shapeKey(list[0])
	if first == "" {
		return false
	}
	for _, s := range list[1:] {
		if b.shapeKey(s) != first {
			return false
		}
	}
	return true
}

func (b *builder) shapeKey(s *load.Schema) string {
	p := b.plan(s)
	switch p.kind {
	case pString, pInteger, pNumber, pBoolean:
		return fmt.Sprint("scalar", p.kind)
	case pRef:
		return fmt.Sprintf("ref%p", b.deref(p.target))
	}
	return ""
}

// deref follows pure references to the schema they end in.
func (b *builder) deref(s *load.Schema) *load.Schema {
	for i := 0; i < 64; i++ {
		p := b.plan(s)
		if p.kind != pRef {
			return s
		}
		s = p.target
	}
	return s
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// shorten cuts s to about 120 bytes without splitting a character.
func shorten(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	return clip.Bytes(s, max) + "…"
}
