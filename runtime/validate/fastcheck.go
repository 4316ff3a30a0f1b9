package validate

import (
	"encoding/json"
	"unicode/utf8"
)

// maxFastDepth bounds the fast walk (reference cycles that do not consume
// the instance); beyond it the fast path gives up and the library decides.
const maxFastDepth = 2*maxDepth + 64

// maxFastUniqueItems is the longest array whose uniqueness the fast path
// checks pairwise.
const maxFastUniqueItems = 64

// walk is the state of one fast check.
type walk struct {
	depth  int
	gaveUp bool // some answer below was "undecided", so no answer is certain
}

// valid reports whether v is certainly valid against n. False means
// "invalid, or the fast path cannot tell".
func (n *fastNode) valid(v any) bool {
	var w walk
	return n.accepts(v, &w) && !w.gaveUp
}

// accepts reports whether v is valid against n, exactly, unless it sets
// w.gaveUp.
func (n *fastNode) accepts(v any, w *walk) bool {
	if w.depth > maxFastDepth {
		w.gaveUp = true
		return false
	}
	w.depth++
	ok := n.check(v, w)
	w.depth--
	return ok
}

func (n *fastNode) check(v any, w *walk) bool {
	if n.always != nil {
		return *n.always
	}
	if n.types != 0 && !n.types.matches(v) {
		return false
	}
	if n.konst != nil && !jsonEqual(v, *n.konst) {
		return false
	}
	if n.enum != nil && !inEnum(v, n.enum) {
		return false
	}
	if n.format != nil && n.format(v) != nil {
		return false
	}
	if n.ref != nil && !n.ref.accepts(v, w) {
		return false
	}
	return n.acceptsTyped(v, w) && n.acceptsCombined(v, w)
}

// acceptsTyped checks the keywords that apply to v's type.
func (n *fastNode) acceptsTyped(v any, w *walk) bool {
	switch v := v.(type) {
	case map[string]any:
		return n.acceptsObject(v, w)
	case []any:
		return n.acceptsArray(v, w)
	case string:
		return n.acceptsString(v)
	case json.Number:
		return n.acceptsNumber(v)
	case nil, bool:
		return true
	}
	w.gaveUp = true // a Go type the decoder never produces
	return false
}

func (n *fastNode) acceptsCombined(v any, w *walk) bool {
	if n.not != nil && n.not.accepts(v, w) {
		return false
	}
	for _, sub := range n.allOf {
		if !sub.accepts(v, w) {
			return false
		}
	}
	if len(n.anyOf) > 0 && !anyAccepts(n.anyOf, v, w) {
		return false
	}
	if len(n.oneOf) > 0 && !exactlyOneAccepts(n.oneOf, v, w) {
		return false
	}
	if n.ifNode == nil {
		return true
	}
	branch := n.elseNode
	if n.ifNode.accepts(v, w) {
		branch = n.thenNode
	}
	return branch == nil || branch.accepts(v, w)
}

func anyAccepts(nodes []*fastNode, v any, w *walk) bool {
	for _, sub := range nodes {
		if sub.accepts(v, w) {
			return true
		}
	}
	return false
}

// exactlyOneAccepts is oneOf: exactly one branch is valid.
func exactlyOneAccepts(nodes []*fastNode, v any, w *walk) bool {
	accepted := 0
	for _, sub := range nodes {
		if sub.accepts(v, w) {
			accepted++
			if accepted > 1 {
				return false
			}
		}
	}
	return accepted == 1
}

func (n *fastNode) acceptsObject(obj map[string]any, w *walk) bool {
	if n.minProperties != nil && len(obj) < *n.minProperties || n.maxProperties != nil && len(obj) > *n.maxProperties {
		return false
	}
	for _, name := range n.required {
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	for name, deps := range n.dependentRequired {
		if _, ok := obj[name]; ok && !hasAll(obj, deps) {
			return false
		}
	}
	for name, value := range obj {
		if !n.acceptsMember(name, value, w) {
			return false
		}
	}
	return true
}

// acceptsMember checks one member against properties, patternProperties,
// additionalProperties and propertyNames.
func (n *fastNode) acceptsMember(name string, value any, w *walk) bool {
	if n.propertyNames != nil && !n.propertyNames.accepts(name, w) {
		return false
	}
	declared := false
	if sub, ok := n.properties[name]; ok {
		declared = true
		if !sub.accepts(value, w) {
			return false
		}
	}
	for _, p := range n.patternProperties {
		if p.re.MatchString(name) {
			declared = true
			if !p.node.accepts(value, w) {
				return false
			}
		}
	}
	switch {
	case declared:
		return true
	case n.closed:
		return false
	case n.additional != nil:
		return n.additional.accepts(value, w)
	}
	return true
}

func hasAll(obj map[string]any, names []string) bool {
	for _, name := range names {
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	return true
}

func (n *fastNode) acceptsArray(arr []any, w *walk) bool {
	if n.minItems != nil && len(arr) < *n.minItems || n.maxItems != nil && len(arr) > *n.maxItems {
		return false
	}
	if n.uniqueItems {
		if len(arr) > maxFastUniqueItems {
			w.gaveUp = true // quadratic here; the library hashes
			return false
		}
		if hasDuplicates(arr) {
			return false
		}
	}
	for i, item := range arr {
		sub := n.items
		if i < len(n.prefixItems) {
			sub = n.prefixItems[i]
		}
		if sub != nil && !sub.accepts(item, w) {
			return false
		}
	}
	return true
}

func (n *fastNode) acceptsString(s string) bool {
	if n.minLength != nil || n.maxLength != nil {
		length := utf8.RuneCountInString(s)
		if n.minLength != nil && length < *n.minLength || n.maxLength != nil && length > *n.maxLength {
			return false
		}
	}
	return n.pattern == nil || n.pattern.MatchString(s)
}

func (n *fastNode) acceptsNumber(num json.Number) bool {
	return n.minimum.allows(num, atLeast) && n.maximum.allows(num, atMost) &&
		n.exclusiveMinimum.allows(num, above) && n.exclusiveMaximum.allows(num, below) &&
		isMultipleOf(num, n.multipleOf)
}
