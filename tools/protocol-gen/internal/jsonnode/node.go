// Package jsonnode decodes JSON into a tree that keeps the order of object
// members and the byte offset of every value and key, so that a schema
// mistake can be reported with its file, line and JSON pointer.
package jsonnode

// Kind is the JSON type of a node.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON Schema name of the kind.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	default:
		return "object"
	}
}

// Node is one JSON value.
type Node struct {
	// Kind is the value's JSON type.
	Kind Kind
	// Offset is the byte offset of the value's first byte.
	Offset int
	// Bool holds the value of a boolean.
	Bool bool
	// Text holds the decoded value of a string, or the literal of a number.
	Text string
	// Items holds the elements of an array.
	Items []*Node
	// Members holds the members of an object in document order.
	Members []Member

	index map[string]int
}

// Member is one key/value pair of an object.
type Member struct {
	// Key is the decoded member name.
	Key string
	// KeyOffset is the byte offset of the key's opening quote.
	KeyOffset int
	// Value is the member's value.
	Value *Node
}

// indexThreshold is the member count above which Get uses a map.
const indexThreshold = 16

// Get returns the value of the named member of an object, or nil.
func (n *Node) Get(key string) *Node {
	m := n.Member(key)
	if m == nil {
		return nil
	}
	return m.Value
}

// Member returns the named member of an object, or nil.
func (n *Node) Member(key string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	if len(n.Members) > indexThreshold {
		if n.index == nil {
			n.buildIndex()
		}
		if i, ok := n.index[key]; ok {
			return &n.Members[i]
		}
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return &n.Members[i]
		}
	}
	return nil
}

func (n *Node) buildIndex() {
	n.index = make(map[string]int, len(n.Members))
	for i, m := range n.Members {
		n.index[m.Key] = i
	}
}

// IsInteger reports whether n is a number without a fraction, such as 3 or
// 3.0 or 1e2.
func (n *Node) IsInteger() bool {
	_, ok := n.Int()
	return ok
}

// Int returns the value of an integral number that fits in an int64.
func (n *Node) Int() (int64, bool) {
	if n == nil || n.Kind != Number {
		return 0, false
	}
	return integerValue(n.Text)
}
