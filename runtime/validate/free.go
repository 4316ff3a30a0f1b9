package validate

import (
	"reflect"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Request decodes params only once, in Params, when the RequestFrame schema
// provably ignores their value. memberIsFree is that proof, worked out once
// in New from the compiled schema. It is conservative: any keyword it does
// not know, including ones a newer library version might add, counts as
// looking at the value.

// annotationFields are the fields of a compiled schema that never reject
// a value.
var annotationFields = map[string]bool{
	"DraftVersion": true, "Location": true, "ID": true, "Anchor": true,
	"RecursiveAnchor": true, "DynamicAnchor": true, "Title": true,
	"Description": true, "Default": true, "Comment": true, "ReadOnly": true,
	"WriteOnly": true, "Examples": true, "Deprecated": true,
}

// keyOnlyFields are the object keywords that look at which members an
// object has, or at other members' values, but never at the value of a
// member declared in Properties.
var keyOnlyFields = map[string]bool{
	"Types": true, "Required": true, "Properties": true,
	"AdditionalProperties": true, "PropertyNames": true,
	"MinProperties": true, "MaxProperties": true, "DependentRequired": true,
}

// memberIsFree reports whether validating an object against s never
// depends on the value of its member named member: s declares the member
// with a schema that asserts nothing, and no other keyword of s looks at
// member values.
func memberIsFree(s *jsonschema.Schema, member string) bool {
	if s == nil || s.Bool != nil || !onlyFields(s, keyOnlyFields) {
		return false
	}
	sub, ok := s.Properties[member]
	return ok && assertsNothing(sub)
}

// assertsNothing reports whether s accepts every value.
func assertsNothing(s *jsonschema.Schema) bool {
	if s.Bool != nil {
		return *s.Bool
	}
	return onlyFields(s, nil)
}

// onlyFields reports whether every exported field of s that is set is an
// annotation or one of allowed.
func onlyFields(s *jsonschema.Schema, allowed map[string]bool) bool {
	rv := reflect.ValueOf(s).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() || annotationFields[f.Name] || allowed[f.Name] || f.Name == "Bool" {
			continue
		}
		if !rv.Field(i).IsZero() {
			return false
		}
	}
	return true
}
