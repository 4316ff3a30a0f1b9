package validate

import (
	"encoding/json"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

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
// between graphs and following reference cycles. Building a node and
// deciding whether its graph may be walked are separate steps: inside a
// cycle a node is reached before all it refers to is known, so a graph is
// judged only once it is complete, by everything it can reach.
type fastCompiler struct {
	nodes map[*jsonschema.Schema]*fastNode
	// uncovered holds the nodes whose schema uses a keyword the fast path
	// does not check; a graph that reaches one is never walked.
	uncovered map[*fastNode]bool
	// sound holds nodes known to reach only covered nodes.
	sound map[*fastNode]bool
}

func newFastCompiler() *fastCompiler {
	return &fastCompiler{
		nodes:     map[*jsonschema.Schema]*fastNode{},
		uncovered: map[*fastNode]bool{},
		sound:     map[*fastNode]bool{},
	}
}

// compile returns the fast graph of s, or nil when s reaches, directly or
// through references, a keyword the fast path does not cover.
func (fc *fastCompiler) compile(s *jsonschema.Schema) *fastNode {
	root := fc.node(s)
	if !fc.reachesOnlyCovered(root) {
		return nil
	}
	return root
}

// node returns the node of s, building it (and the nodes of its
// subschemas) on first use.
func (fc *fastCompiler) node(s *jsonschema.Schema) *fastNode {
	if s == nil {
		return nil
	}
	if n, ok := fc.nodes[s]; ok {
		return n
	}
	n := &fastNode{}
	fc.nodes[s] = n // before the children, for cycles
	if !fc.fill(n, s) {
		fc.uncovered[n] = true
	}
	return n
}

// reachesOnlyCovered reports whether every node reachable from root covers
// its schema's keywords. After a yes, all the nodes it visited are
// remembered as sound, so shared subgraphs are walked once.
func (fc *fastCompiler) reachesOnlyCovered(root *fastNode) bool {
	seen := map[*fastNode]bool{}
	stack := []*fastNode{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil || seen[n] || fc.sound[n] {
			continue
		}
		if fc.uncovered[n] {
			return false
		}
		seen[n] = true
		stack = append(stack, n.children...)
	}
	for n := range seen {
		fc.sound[n] = true
	}
	return true
}

// fill copies s's keywords into n and builds its subschemas; false when s
// uses a keyword the fast path does not check (n is then left unfinished).
func (fc *fastCompiler) fill(n *fastNode, s *jsonschema.Schema) bool {
	if s.Bool != nil {
		n.always = s.Bool
		return true
	}
	if s.DraftVersion < 2020 || !onlyFields(s, fastFields) {
		return false
	}
	if s.Const != nil && !isDecodedValue(*s.Const) || s.Enum != nil && !isDecodedValue(s.Enum.Values) {
		return false
	}
	if s.Types != nil {
		n.types = typeMaskOf(s.Types.ToStrings())
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
	fc.fillSubschemas(n, s)
	return true
}

// fillSubschemas builds the nodes of s's subschemas into n, recording
// each as one of n's children.
func (fc *fastCompiler) fillSubschemas(n *fastNode, s *jsonschema.Schema) {
	single := func(sub *jsonschema.Schema) *fastNode {
		child := fc.node(sub)
		if child != nil {
			n.children = append(n.children, child)
		}
		return child
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
