package load

import "github.com/gatewire/gatewire/tools/protocol-gen/internal/jsonnode"

// shapeOK reports whether v has the shape kind requires and says what
// that shape is, for the message when it does not.
func shapeOK(kind valueKind, v *jsonnode.Node) (bool, string) {
	switch kind {
	case stringValue:
		return v.Kind == jsonnode.String, "a string"
	case boolValue:
		return v.Kind == jsonnode.Bool, "a boolean"
	case numberValue:
		return v.Kind == jsonnode.Number, "a number"
	case positiveNumber:
		return v.Kind == jsonnode.Number && v.Text[0] != '-' && !isZero(v.Text), "a number greater than 0"
	case countValue:
		n, ok := v.Int()
		return ok && n >= 0, "a non-negative integer"
	case numberOrBool:
		return v.Kind == jsonnode.Number || v.Kind == jsonnode.Bool, "a number"
	case typeValue:
		return isTypeValue(v), "a type name or an array of type names"
	case enumValue:
		return v.Kind == jsonnode.Array && len(v.Items) > 0, "a non-empty array"
	case stringList:
		return isStringList(v), "an array of strings"
	case schemaValue:
		return isSchema(v), "a schema (an object or a boolean)"
	case schemaList:
		return v.Kind == jsonnode.Array && len(v.Items) > 0, "a non-empty array of schemas"
	case schemaMap:
		return v.Kind == jsonnode.Object, "an object whose values are schemas"
	case itemsValue:
		return isSchema(v) || v.Kind == jsonnode.Array, "a schema or an array of schemas"
	case dependencyMap:
		return isDependencyMap(v), "an object of schemas or arrays of strings"
	case stringListMap:
		return isStringListMap(v), "an object of arrays of strings"
	case objectValue:
		return v.Kind == jsonnode.Object, "an object"
	default:
		return true, ""
	}
}

func isZero(num string) bool {
	for _, c := range num {
		if c >= '1' && c <= '9' {
			return false
		}
		if c == 'e' || c == 'E' {
			break
		}
	}
	return true
}

func isTypeValue(v *jsonnode.Node) bool {
	return v.Kind == jsonnode.String || (isStringList(v) && len(v.Items) > 0)
}

func isStringList(v *jsonnode.Node) bool {
	if v.Kind != jsonnode.Array {
		return false
	}
	for _, it := range v.Items {
		if it.Kind != jsonnode.String {
			return false
		}
	}
	return true
}

func isSchema(v *jsonnode.Node) bool { return v.Kind == jsonnode.Object || v.Kind == jsonnode.Bool }

func isDependencyMap(v *jsonnode.Node) bool {
	if v.Kind != jsonnode.Object {
		return false
	}
	for _, m := range v.Members {
		if !isSchema(m.Value) && !isStringList(m.Value) {
			return false
		}
	}
	return true
}

func isStringListMap(v *jsonnode.Node) bool {
	if v.Kind != jsonnode.Object {
		return false
	}
	for _, m := range v.Members {
		if !isStringList(m.Value) {
			return false
		}
	}
	return true
}

// describe names the JSON type of v for messages.
func describe(v *jsonnode.Node) string {
	switch v.Kind {
	case jsonnode.Array:
		return "an array"
	case jsonnode.Object:
		return "an object"
	case jsonnode.Null:
		return "null"
	default:
		return "a " + v.Kind.String()
	}
}
