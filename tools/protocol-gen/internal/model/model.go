// Package model is the language-neutral description of the types a set of
// JSON Schema documents defines: named structs, string enums, discriminated
// unions and aliases, built from load's schemas by fixed, documented rules.
// The Go and Swift projections read it; it knows nothing of either.
package model

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/load"

// TypeKind is the shape of a type use.
type TypeKind int

// The type kinds.
const (
	String  TypeKind = iota // JSON string
	Integer                 // JSON number without fraction
	Number                  // any JSON number
	Boolean                 // true or false
	Raw                     // any JSON value, kept undecoded
	Ref                     // a Named type
	Array                   // a JSON array of Elem
	Map                     // a JSON object whose member values are Elem
)

// Type is the use of a type at one place: a field, an array element, a map
// value or the target of an alias.
type Type struct {
	Kind TypeKind
	// Named is the type referred to when Kind is Ref.
	Named *Named
	// Elem is the element type of an Array or the value type of a Map.
	Elem *Type
	// Nullable is set when JSON null is allowed besides the type's values.
	Nullable bool
	// Reason says why a Raw type could not be typed; empty when the schema
	// simply allows any value.
	Reason string
	// Const is the JSON text of the only value allowed, if any.
	Const string
	// Note lists allowed values for documentation (non-string enums).
	Note string
}

// NamedKind is what a named type is.
type NamedKind int

// The named kinds.
const (
	Struct NamedKind = iota // an object with known members
	Enum                    // a closed set of strings
	Union                   // objects told apart by a constant member
	Alias                   // another name for Target
)

// Named is a type with a name: every definition, and every anonymous
// object, string enum or union found inside one.
type Named struct {
	// Name is the type name, PascalCase, unique in the model.
	Name string
	// Schema is where the type is defined.
	Schema *load.Schema
	// Description is the schema's description (or title).
	Description string
	// Definition is the key of the definition the type was made from, or
	// "" for an anonymous type.
	Definition string
	// Member, for an anonymous type, names the member of an enclosing
	// type it types, e.g. "AgentParams.promptMode"; "" when there is no
	// such simple path.
	Member string
	// Kind says which of the following fields apply.
	Kind NamedKind
	// Nullable is set when null is allowed wherever the type is used.
	Nullable bool

	// Fields are a Struct's members in schema order.
	Fields []*Field
	// Extra, when set, is the type of the members a Struct does not
	// declare but admits (additionalProperties, patternProperties).
	Extra *Type

	// Values are an Enum's strings in schema order.
	Values []string
	// ValueSince is the protocol version an Enum value exists from, for
	// the values marked with x-enum-since.
	ValueSince map[string]int64

	// Discriminator is the member that tells a Union's variants apart.
	Discriminator string
	// Variants are a Union's alternatives, in schema order.
	Variants []*Variant

	// Target is what an Alias stands for.
	Target *Type

	// GoType is an x-go-type binding ("import/path.Name"): the Go
	// projection uses that type instead of generating one.
	GoType string

	state buildState
}

// Field is one member of a Struct.
type Field struct {
	// Name is the JSON member name.
	Name string
	// Type is the member's type; Type.Nullable says whether null is allowed.
	Type Type
	// Required is set when the member must be present. A member that
	// exists only in some protocol versions is never required.
	Required bool
	// Description is the property schema's description.
	Description string
	// Since and Until are the first and last protocol versions the member
	// exists in (0: unbounded), from x-since and x-until.
	Since, Until int64
}

// Versioned reports whether the member exists only in some protocol
// versions.
func (f *Field) Versioned() bool { return f.Since != 0 || f.Until != 0 }

// Variant is one alternative of a Union.
type Variant struct {
	// Value is the discriminator's constant in this variant.
	Value string
	// Type is the variant's Struct.
	Type *Named
}

// Model is every named type of a set of documents, in emission order: each
// definition in document order, followed by the anonymous types found
// inside it.
type Model struct {
	Types []*Named
	// Notes are located remarks about schemas that could only be typed
	// loosely (a construct degraded to raw JSON, a name that had to change).
	Notes load.Errors

	bySchema map[*load.Schema]*Named
}

// TypeOf returns the named type generated for a schema, or nil.
func (m *Model) TypeOf(s *load.Schema) *Named { return m.bySchema[s] }

// Underlying follows an alias chain to the named type or type it ends in.
func (n *Named) Underlying() *Type {
	t := &Type{Kind: Ref, Named: n}
	for seen := 0; t.Kind == Ref && t.Named.Kind == Alias && seen < 64; seen++ {
		next := *t.Named.Target
		next.Nullable = next.Nullable || t.Nullable || t.Named.Nullable
		t = &next
	}
	return t
}
