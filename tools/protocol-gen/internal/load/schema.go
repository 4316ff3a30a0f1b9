package load

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"

// Schema is a parsed view of one schema object or boolean schema. Only the
// keywords that matter for typing are kept; every keyword has been checked
// for the right JSON type.
type Schema struct {
	// Doc is the document the schema is in; Node its JSON value and Pointer
	// its location inside Doc.
	Doc     *Document
	Node    *jsonnode.Node
	Pointer string
	// Base is the base URI references inside this schema resolve against.
	Base string

	// IsBool is set for the boolean schemas true and false; BoolValue is
	// which one.
	IsBool    bool
	BoolValue bool

	// Ref is the value of $ref (or $dynamicRef / $recursiveRef), if any.
	Ref string
	// Types lists the names of "type" in order; empty when absent.
	Types []string
	// Nullable is set by the OpenAPI keyword "nullable": true.
	Nullable bool

	Properties           []Property
	Required             []string
	AdditionalProperties *Schema
	PatternProperties    []Property
	// ClosedByUnevaluated is set by "unevaluatedProperties": false.
	ClosedByUnevaluated bool

	Items           *Schema
	PrefixItems     []*Schema
	AdditionalItems *Schema

	AllOf, AnyOf, OneOf []*Schema

	// Enum holds the allowed values; HasEnum tells an empty enum from none.
	Enum    []*jsonnode.Node
	HasEnum bool
	// Const holds the value of "const", if any.
	Const *jsonnode.Node

	// Defs holds "definitions" and "$defs" members in document order.
	Defs []Property

	Title       string
	Description string
	Format      string
	// Discriminator is the propertyName of an OpenAPI "discriminator".
	Discriminator string
	// XGoType is the "x-go-type" binding, "import/path.Name".
	XGoType string
	// Since and Until are the "x-since" and "x-until" marks of a property:
	// the first and last protocol versions it exists in (0: unbounded).
	Since, Until int64
	// EnumSince is the "x-enum-since" mark: the protocol version each
	// listed enum value exists from.
	EnumSince map[string]int64

	// hasTyping is set when the schema carries a keyword that constrains
	// the type or shape of a value (see typingKeywords).
	hasTyping bool
}

// Property is a named subschema: a member of properties, patternProperties,
// definitions or $defs.
type Property struct {
	Name   string
	Schema *Schema
}

// IsTrue reports whether s accepts every value without saying anything
// about its type: the boolean schema true, or an object with no typing
// keyword.
func (s *Schema) IsTrue() bool {
	if s.IsBool {
		return s.BoolValue
	}
	return !s.hasTyping
}

// HasTyping reports whether s has a keyword that constrains the type or
// shape of a value ($ref, type, enum, const, properties, items,
// combinators, …).
func (s *Schema) HasTyping() bool { return !s.IsBool && s.hasTyping }

// Property returns the named property's schema, or nil.
func (s *Schema) Property(name string) *Schema {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Schema
		}
	}
	return nil
}

// Line returns the line of the schema's first byte.
func (s *Schema) Line() int { return s.Doc.Source.Line(s.Node.Offset) }

// Errorf returns an error located at the schema itself.
func (s *Schema) Errorf(format string, args ...any) *Error {
	return s.Doc.errorAt(s.Node.Offset, s.Pointer, format, args...)
}

// KeywordError returns an error located at the value of one of the
// schema's keywords (or at the schema when the keyword is absent).
func (s *Schema) KeywordError(keyword string, format string, args ...any) *Error {
	if m := s.Node.Member(keyword); m != nil {
		return s.Doc.errorAt(m.Value.Offset, jsonnode.Join(s.Pointer, keyword), format, args...)
	}
	return s.Errorf(format, args...)
}
