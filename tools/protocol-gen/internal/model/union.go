package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
)

// unionView is a discriminated union found in oneOf/anyOf.
type unionView struct {
	discriminator string
	alternatives  []*load.Schema
	values        []string
}

// typingAlternatives returns the oneOf (else anyOf) alternatives of s,
// with the keyword that holds them, when at least one of them says
// something about the type; else nil.
func typingAlternatives(s *load.Schema) (keyword string, alts []*load.Schema) {
	for _, c := range []struct {
		keyword string
		alts    []*load.Schema
	}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
		for _, a := range c.alts {
			if a.HasTyping() {
				return c.keyword, c.alts
			}
		}
	}
	return "", nil
}

// allPartial reports whether every alternative only adds object members
// (properties, required, …) to its parent: those are merged into the
// parent's struct as optional fields.
func allPartial(alts []*load.Schema) bool {
	for _, a := range alts {
		if a.IsBool || a.Ref != "" || len(a.Types) > 0 || a.Const != nil || a.HasEnum ||
			len(a.AllOf)+len(a.AnyOf)+len(a.OneOf) > 0 || a.Items != nil || len(a.PrefixItems) > 0 {
			return false
		}
	}
	return true
}

// isNullOnly reports whether a schema admits only null.
func isNullOnly(s *load.Schema) bool {
	if s.IsBool || s.Ref != "" {
		return false
	}
	if len(s.Types) == 1 && s.Types[0] == "null" {
		return true
	}
	if s.Const != nil && s.Const.Kind == jsonnode.Null {
		return true
	}
	if s.HasEnum {
		for _, v := range s.Enum {
			if v.Kind != jsonnode.Null {
				return false
			}
		}
		return true
	}
	return false
}

// alternativesPlan types a oneOf/anyOf: null alternatives make the type
// nullable; one remaining alternative is the type; string constants form
// an enum; objects with a distinct constant member form a union; the same
// scalar everywhere is that scalar; anything else is raw JSON.
func (b *builder) alternativesPlan(s *load.Schema, keyword string, alts []*load.Schema) *plan {
	var rest []*load.Schema
	nullable := false
	for _, a := range alts {
		if isNullOnly(a) {
			nullable = true
		} else {
			rest = append(rest, a)
		}
	}
	p := b.alternativesPlanNonNull(s, keyword, rest)
	p.nullable = p.nullable || nullable
	return p
}

func (b *builder) alternativesPlanNonNull(s *load.Schema, keyword string, alts []*load.Schema) *plan {
	switch {
	case len(alts) == 0:
		return &plan{kind: pRaw, reason: "the value is always null", nullable: true}
	case len(alts) == 1:
		p := *b.plan(alts[0])
		return &p
	}
	if values, ok := b.stringConstants(alts); ok {
		if len(values) == 1 {
			return &plan{kind: pString, constText: jsonnode.Quote(values[0])}
		}
		return &plan{kind: pEnum, values: values}
	}
	if u := b.discriminatedUnion(s, alts); u != nil {
		return &plan{kind: pUnion, union: u}
	}
	if k, ok := b.commonScalar(alts); ok {
		return &plan{kind: k}
	}
	return &plan{kind: pRaw, reason: fmt.Sprintf("%s of %s", keyword, b.describeAlternatives(alts))}
}

// stringConstants collects the values when every alternative is a string
// constant or a string enum.
func (b *builder) stringConstants(alts []*load.Schema) ([]string, bool) {
	var values []string
	for _, a := range alts {
		p := b.plan(b.deref(a))
		switch {
		case p.kind == pString && p.constText != "" && !p.nullable:
			values = appendNew(values, unquote(p.constText))
		case p.kind == pEnum && !p.nullable:
			for _, v := range p.values {
				values = appendNew(values, v)
			}
		default:
			return nil, false
		}
	}
	return values, true
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// commonScalar returns the scalar kind every alternative has (integer and
// number together give number).
func (b *builder) commonScalar(alts []*load.Schema) (planKind, bool) {
	kind := pRaw
	for _, a := range alts {
		p := b.plan(b.deref(a))
		k := p.kind
		switch {
		case k != pString && k != pInteger && k != pNumber && k != pBoolean:
			return 0, false
		case kind == pRaw || kind == k:
			kind = k
		case (kind == pInteger && k == pNumber) || (kind == pNumber && k == pInteger):
			kind = pNumber
		default:
			return 0, false
		}
	}
	return kind, true
}

// discriminatedUnion finds a member that every alternative (an object)
// requires with a distinct string constant.
func (b *builder) discriminatedUnion(s *load.Schema, alts []*load.Schema) *unionView {
	views := make([]*objectView, len(alts))
	for i, a := range alts {
		p := b.plan(b.deref(a))
		if p.kind != pStruct {
			return nil
		}
		views[i] = p.object
	}
	candidates := []string{}
	if s.Discriminator != "" {
		candidates = append(candidates, s.Discriminator)
	}
	for _, vp := range views[0].props {
		candidates = append(candidates, vp.name)
	}
	for _, c := range candidates {
		if values, ok := b.discriminatorValues(views, c); ok {
			return &unionView{discriminator: c, alternatives: alts, values: values}
		}
	}
	return nil
}

func (b *builder) discriminatorValues(views []*objectView, member string) ([]string, bool) {
	values := make([]string, 0, len(views))
	for _, v := range views {
		vp := v.byName[member]
		if vp == nil || !vp.required || vp.conflict != "" {
			return nil, false
		}
		p := b.plan(b.deref(vp.schema))
		if p.kind != pString || p.constText == "" || p.nullable {
			return nil, false
		}
		val := unquote(p.constText)
		if slices.Contains(values, val) {
			return nil, false
		}
		values = append(values, val)
	}
	return values, true
}

// describeAlternatives says what the alternatives of an untypable union
// are, for the comment on the raw type.
func (b *builder) describeAlternatives(alts []*load.Schema) string {
	kinds := make([]string, 0, len(alts))
	for _, a := range alts {
		k := planKindNames[b.plan(b.deref(a)).kind]
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 1 && kinds[0] == "object" {
		return fmt.Sprintf("%d objects with no constant member to tell them apart", len(alts))
	}
	return strings.Join(kinds, ", ")
}

var planKindNames = map[planKind]string{
	pRaw: "any value", pString: "string", pInteger: "integer", pNumber: "number", pBoolean: "boolean",
	pRef: "reference", pArray: "array", pMap: "object", pStruct: "object", pEnum: "string", pUnion: "union",
}
