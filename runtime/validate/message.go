package validate

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// violationsOf flattens a validation error tree into its leaf causes, in
// AJV's wording, ordered and without duplicates.
func violationsOf(err *jsonschema.ValidationError) []Violation {
	var out []Violation
	collectLeaves(err, &out)
	if len(out) == 0 {
		out = append(out, Violation{Pointer: pointerOf(err.InstanceLocation), Message: "validation error"})
	}
	return sortViolations(out)
}

// collectLeaves appends the violations of err's deepest causes. Keywords
// that judge a collection as a whole (contains, propertyNames) are leaves
// even though the library records why each element failed. A failed
// anyOf or oneOf is reported after its branches' causes too, as AJV
// reports it ("must be equal to constant; must match a schema in anyOf").
func collectLeaves(err *jsonschema.ValidationError, out *[]Violation) {
	if len(err.Causes) > 0 && !isWholeCollectionKind(err.ErrorKind) {
		for _, cause := range err.Causes {
			collectLeaves(cause, out)
		}
		if isCombinatorKind(err.ErrorKind) {
			*out = append(*out, Violation{Pointer: pointerOf(err.InstanceLocation), Message: messageOf(err.ErrorKind)})
		}
		return
	}
	*out = appendLeaf(*out, err)
}

// isCombinatorKind reports whether k is a failed anyOf or oneOf, which
// AJV reports alongside its branches' errors.
func isCombinatorKind(k jsonschema.ErrorKind) bool {
	switch k.(type) {
	case *kind.AnyOf, *kind.OneOf:
		return true
	}
	return false
}

func isWholeCollectionKind(k jsonschema.ErrorKind) bool {
	switch k.(type) {
	case *kind.Contains, *kind.MinContains, *kind.PropertyNames, *kind.ContentSchema:
		return true
	}
	return false
}

// appendLeaf appends the violations one leaf error stands for: one per
// missing or unexpected property, one otherwise.
func appendLeaf(out []Violation, err *jsonschema.ValidationError) []Violation {
	at := pointerOf(err.InstanceLocation)
	switch k := err.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			out = append(out, Violation{Pointer: at, Message: "must have required property " + quoted(name)})
		}
		return out
	case *kind.AdditionalProperties:
		names := slices.Clone(k.Properties)
		slices.Sort(names)
		for _, name := range names {
			out = append(out, unexpectedProperty(at, name))
		}
		return out
	case *kind.FalseSchema:
		if parent, name, ok := closedObjectLeaf(err); ok {
			return append(out, unexpectedProperty(parent, name))
		}
	}
	return append(out, Violation{Pointer: at, Message: messageOf(err.ErrorKind)})
}

func unexpectedProperty(at, name string) Violation {
	return Violation{Pointer: at, Message: "unexpected property " + quoted(name), Property: name}
}

// closedObjectLeaf recognises the false schema of "unevaluatedProperties":
// false (or "additionalProperties": false written as a subschema): it fails
// at the property, and is reported like AJV does, at the object.
func closedObjectLeaf(err *jsonschema.ValidationError) (parent, name string, ok bool) {
	loc := err.SchemaURL
	if !strings.HasSuffix(loc, "/unevaluatedProperties") && !strings.HasSuffix(loc, "/additionalProperties") {
		return "", "", false
	}
	n := len(err.InstanceLocation)
	if n == 0 {
		return "", "", false
	}
	return pointerOf(err.InstanceLocation[:n-1]), err.InstanceLocation[n-1], true
}

// messageOf returns AJV's message for a leaf error kind.
func messageOf(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Type:
		return "must be " + strings.Join(k.Want, ",")
	case *kind.Const:
		return "must be equal to constant"
	case *kind.Enum:
		return "must be equal to one of the allowed values"
	case *kind.Format:
		return "must match format " + strconv.Quote(k.Want)
	case *kind.Pattern:
		return "must match pattern " + strconv.Quote(k.Want)
	case *kind.MinLength:
		return fmt.Sprintf("must NOT have fewer than %d characters", k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("must NOT have more than %d characters", k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("must NOT have fewer than %d items", k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("must NOT have more than %d items", k.Want)
	case *kind.MinProperties:
		return fmt.Sprintf("must NOT have fewer than %d properties", k.Want)
	case *kind.MaxProperties:
		return fmt.Sprintf("must NOT have more than %d properties", k.Want)
	}
	return otherMessage(k)
}

// otherMessage covers the kinds that are rarer in gateway schemas.
func otherMessage(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Minimum:
		return "must be >= " + number(k.Want)
	case *kind.Maximum:
		return "must be <= " + number(k.Want)
	case *kind.ExclusiveMinimum:
		return "must be > " + number(k.Want)
	case *kind.ExclusiveMaximum:
		return "must be < " + number(k.Want)
	case *kind.MultipleOf:
		return "must be multiple of " + number(k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("must NOT have duplicate items (items ## %d and %d are identical)", k.Duplicates[1], k.Duplicates[0])
	case *kind.Contains:
		return "must contain at least 1 valid item(s)"
	case *kind.MinContains:
		return fmt.Sprintf("must contain at least %d valid item(s)", k.Want)
	case *kind.MaxContains:
		return fmt.Sprintf("must contain at most %d valid item(s)", k.Want)
	case *kind.DependentRequired:
		return dependencyMessage(k.Prop, k.Missing)
	case *kind.Dependency:
		return dependencyMessage(k.Prop, k.Missing)
	case *kind.AdditionalItems:
		return fmt.Sprintf("must NOT have %d additional item(s)", k.Count)
	}
	return structuralMessage(k)
}

// structuralMessage covers combinators and schema-level failures.
func structuralMessage(k jsonschema.ErrorKind) string {
	switch k.(type) {
	case *kind.PropertyNames:
		return "property name must be valid"
	case *kind.OneOf:
		return "must match exactly one schema in oneOf"
	case *kind.AnyOf:
		return "must match a schema in anyOf"
	case *kind.AllOf:
		return "must match all schemas in allOf"
	case *kind.Not:
		return "must NOT be valid"
	case *kind.FalseSchema:
		return "boolean schema is false"
	case *kind.ContentEncoding, *kind.ContentMediaType, *kind.ContentSchema:
		return "must match content schema"
	}
	return "validation error"
}

func dependencyMessage(prop string, missing []string) string {
	noun := "property"
	if len(missing) > 1 {
		noun = "properties"
	}
	return fmt.Sprintf("must have %s %s when property %s is present", noun, strings.Join(missing, ", "), prop)
}

// number writes a schema bound the way JavaScript prints the number.
func number(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// quoted wraps a property name in single quotes, as AJV's messages do.
func quoted(name string) string {
	return "'" + name + "'"
}
