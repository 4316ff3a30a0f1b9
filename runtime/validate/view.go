package validate

import "encoding/json"

// The schema marks that say in which protocol versions a part of a shape
// exists (see schema/README.md). One definition carries every version's
// properties; ViewAt derives what one version may send and receive.
const (
	// markSince on a property's subschema: the property exists from this
	// version on.
	markSince = "x-since"
	// markUntil on a property's subschema: the property exists up to and
	// including this version.
	markUntil = "x-until"
	// markEnumSince on a schema with "enum": an object mapping enum values
	// to the version they exist from.
	markEnumSince = "x-enum-since"
)

// ViewAt rewrites a decoded schema document (as the JSON decoder or the
// schema loader returns it: maps, slices, json.Number or float64) into
// its view at protocol version v, in place: a property whose x-since or
// x-until excludes v becomes the false schema (present is invalid) and
// leaves "required"; an enum value whose x-enum-since is above v leaves
// the enum. Version 0 leaves the document as it is. It returns doc.
func ViewAt(doc any, v int) any {
	if v == 0 {
		return doc
	}
	viewWalk(doc, v)
	return doc
}

// viewWalk applies the view to every schema object under n.
func viewWalk(n any, v int) {
	switch x := n.(type) {
	case map[string]any:
		viewProperties(x, v)
		viewEnum(x, v)
		for _, child := range x {
			viewWalk(child, v)
		}
	case []any:
		for _, child := range x {
			viewWalk(child, v)
		}
	}
}

// viewProperties forbids the properties of schema s that do not exist at
// version v.
func viewProperties(s map[string]any, v int) {
	props, ok := s["properties"].(map[string]any)
	if !ok {
		return
	}
	for name, p := range props {
		ps, ok := p.(map[string]any)
		if !ok || ExistsAt(ps, v) {
			continue
		}
		props[name] = false
		if required, listed := s["required"]; listed {
			s["required"] = without(required, name)
		}
	}
}

// ExistsAt reports whether a property with subschema ps exists at
// version v by its x-since and x-until marks.
func ExistsAt(ps map[string]any, v int) bool {
	if since, ok := versionMark(ps[markSince]); ok && v < since {
		return false
	}
	if until, ok := versionMark(ps[markUntil]); ok && v > until {
		return false
	}
	return true
}

// viewEnum drops the enum values of schema s that do not exist yet at
// version v.
func viewEnum(s map[string]any, v int) {
	marks, ok := s[markEnumSince].(map[string]any)
	values, isList := s["enum"].([]any)
	if !ok || !isList {
		return
	}
	kept := make([]any, 0, len(values))
	for _, value := range values {
		name, isString := value.(string)
		if since, marked := versionMark(marks[name]); isString && marked && v < since {
			continue
		}
		kept = append(kept, value)
	}
	s["enum"] = kept
}

// without returns a "required" list without name.
func without(required any, name string) any {
	list, ok := required.([]any)
	if !ok {
		return required
	}
	out := make([]any, 0, len(list))
	for _, r := range list {
		if r != name {
			out = append(out, r)
		}
	}
	return out
}

// versionMark reads a version mark as an int.
func versionMark(x any) (int, bool) {
	switch n := x.(type) {
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	case float64:
		return int(n), n == float64(int(n))
	case int:
		return n, true
	}
	return 0, false
}
