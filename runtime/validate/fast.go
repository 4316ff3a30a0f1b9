package validate

import (
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

	// children are all the nodes above, for the compiler's check that a
	// graph reaches only nodes that cover their schema.
	children []*fastNode
}

type patternNode struct {
	re   jsonschema.Regexp
	node *fastNode
}
