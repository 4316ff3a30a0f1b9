package validate

import (
	"encoding/json"
	"math/big"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The library's validator explains failures in detail but allocates for
// every subschema it visits, which dominates the cost of a valid frame.
// Most frames are valid, so each schema also gets a fastNode graph: a
// plain walk over the same compiled keywords that only answers "valid".
// When it answers "no" (or cannot decide), the library runs and reports.
// A wrong "no" only costs time; a wrong "yes" would let an invalid frame
// through, so the fast path covers a closed set of keywords and gives up
// on any schema that uses another.

// fastNode is one compiled schema, reduced to what the fast path checks.
type fastNode struct {
	always *bool // boolean schema
	types  typeMask
	konst  *any
	enum   []any
	format func(any) error

	ref              *fastNode
	not              *fastNode
	allOf            []*fastNode
	anyOf            []*fastNode
	oneOf            []*fastNode
	ifNode, thenNode *fastNode
	elseNode         *fastNode

	minProperties, maxProperties *int
	required                     []string
	properties                   map[string]*fastNode
	patternProperties            []patternNode
	additional                   *fastNode // schema for undeclared members
	closed                       bool      // additionalProperties: false
	propertyNames                *fastNode
	dependentRequired            map[string][]string

	minItems, maxItems *int
	uniqueItems        bool
	prefixItems        []*fastNode
	items              *fastNode

	minLength, maxLength *int
	pattern              jsonschema.Regexp

	minimum, maximum, exclusiveMinimum, exclusiveMaximum *bound
	multipleOf                                           *big.Rat
}

type patternNode struct {
	re   jsonschema.Regexp
	node *fastNode
}

// fastFields are the compiled-schema fields fastNode covers; a schema with
// any other non-annotation field set gets no fast path.
var fastFields = map[string]bool{
	"Types": true, "Const": true, "Enum": true, "Format": true,
	"Ref": true, "Not": true, "AllOf": true, "AnyOf": true, "OneOf": true,
	"If": true, "Then": true, "Else": true,
	"MinProperties": true, "MaxProperties": true, "Required": true,
	"Properties": true, "PatternProperties": true, "AdditionalProperties": true,
	"PropertyNames": true, "DependentRequired": true,
	"MinItems": true, "MaxItems": true, "UniqueItems": true,
	"PrefixItems": true, "Items2020": true,
	"MinLength": true, "MaxLength": true, "Pattern": true,
	"Minimum": true, "Maximum": true, "ExclusiveMinimum": true,
	"ExclusiveMaximum": true, "MultipleOf": true,
}

// fastCompiler turns compiled schemas into fastNode graphs, sharing nodes
// between graphs and following reference cycles.
type fastCompiler struct {
	nodes       map[*jsonschema.Schema]*fastNode
	unsupported map[*jsonschema.Schema]bool
}

func newFastCompiler() *fastCompiler {
	return &fastCompiler{nodes: map[*jsonschema.Schema]*fastNode{}, unsupported: map[*jsonschema.Schema]bool{}}
}

// compile returns the fast graph of s, or nil when s reaches a keyword the
// fast path does not cover.
func (fc *fastCompiler) compile(s *jsonschema.Schema) *fastNode {
	n, ok := fc.node(s)
	if !ok {
		return nil
	}
	return n
}

func (fc *fastCompiler) node(s *jsonschema.Schema) (*fastNode, bool) {
	if s == nil {
		return nil, true
	}
	if n, ok := fc.nodes[s]; ok {
		return n, !fc.unsupported[s]
	}
	n := &fastNode{}
	fc.nodes[s] = n // before the children, for cycles
	if !fc.fill(n, s) {
		fc.unsupported[s] = true
		return nil, false
	}
	return n, !fc.unsupported[s]
}

// fill copies s's keywords into n and compiles its subschemas.
func (fc *fastCompiler) fill(n *fastNode, s *jsonschema.Schema) bool {
	if s.Bool != nil {
		n.always = s.Bool
		return true
	}
	if s.DraftVersion < 2020 || !onlyFields(s, fastFields) {
		return false
	}
	if s.Types != nil {
		n.types = typeMaskOf(s.Types.ToStrings())
	}
	if s.Const != nil && !isDecodedValue(*s.Const) || s.Enum != nil && !isDecodedValue(s.Enum.Values) {
		return false
	}
	n.konst = s.Const
	if s.Enum != nil {
		n.enum = s.Enum.Values
	}
	if s.Format != nil {
		n.format = s.Format.Validate
	}
	n.minProperties, n.maxProperties, n.required = s.MinProperties, s.MaxProperties, s.Required
	n.dependentRequired = s.DependentRequired
	n.minItems, n.maxItems, n.uniqueItems = s.MinItems, s.MaxItems, s.UniqueItems
	n.minLength, n.maxLength, n.pattern = s.MinLength, s.MaxLength, s.Pattern
	n.minimum, n.maximum = boundOf(s.Minimum), boundOf(s.Maximum)
	n.exclusiveMinimum, n.exclusiveMaximum = boundOf(s.ExclusiveMinimum), boundOf(s.ExclusiveMaximum)
	n.multipleOf = s.MultipleOf
	return fc.fillSubschemas(n, s)
}

func (fc *fastCompiler) fillSubschemas(n *fastNode, s *jsonschema.Schema) bool {
	ok := true
	single := func(sub *jsonschema.Schema) *fastNode {
		node, good := fc.node(sub)
		ok = ok && good
		return node
	}
	list := func(subs []*jsonschema.Schema) []*fastNode {
		var nodes []*fastNode
		for _, sub := range subs {
			nodes = append(nodes, single(sub))
		}
		return nodes
	}
	n.ref, n.not = single(s.Ref), single(s.Not)
	n.allOf, n.anyOf, n.oneOf = list(s.AllOf), list(s.AnyOf), list(s.OneOf)
	n.ifNode, n.thenNode, n.elseNode = single(s.If), single(s.Then), single(s.Else)
	n.propertyNames, n.prefixItems, n.items = single(s.PropertyNames), list(s.PrefixItems), single(s.Items2020)
	if len(s.Properties) > 0 {
		n.properties = make(map[string]*fastNode, len(s.Properties))
		for name, sub := range s.Properties {
			n.properties[name] = single(sub)
		}
	}
	for re, sub := range s.PatternProperties {
		n.patternProperties = append(n.patternProperties, patternNode{re: re, node: single(sub)})
	}
	switch additional := s.AdditionalProperties.(type) {
	case bool:
		n.closed = !additional
	case *jsonschema.Schema:
		n.additional = single(additional)
	}
	return ok
}

// isDecodedValue reports whether v is made only of the types decodeJSON
// produces, which are the only ones jsonEqual compares exactly.
func isDecodedValue(v any) bool {
	switch v := v.(type) {
	case nil, bool, string, json.Number:
		return true
	case []any:
		for _, item := range v {
			if !isDecodedValue(item) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, item := range v {
			if !isDecodedValue(item) {
				return false
			}
		}
		return true
	}
	return false
}
