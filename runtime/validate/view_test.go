package validate

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestViewAtForbidsWhatAVersionDoesNotHave rewrites one document at
// versions 3 and 4: a property since 4 and one until 3 swap places
// (forbidden and out of required), an enum value since 4 leaves the v3
// enum, and version 0 leaves the document alone.
func TestViewAtForbidsWhatAVersionDoesNotHave(t *testing.T) {
	const doc = `{"$defs": {"T": {
		"type": "object", "required": ["a", "new", "old"],
		"properties": {
			"a": {"type": "string"},
			"new": {"type": "string", "x-since": 4},
			"old": {"type": "string", "x-until": 3},
			"kind": {"enum": ["x", "y"], "x-enum-since": {"y": 4}}
		}},
		"U": {"type": "object", "properties": {"b": {"type": "string", "x-since": 4}}}}}`
	at := func(v int) map[string]any {
		return ViewAt(decode(t, doc), v).(map[string]any)["$defs"].(map[string]any)["T"].(map[string]any)
	}
	v3, v4, v0 := at(3), at(4), at(0)
	props := func(s map[string]any) map[string]any { return s["properties"].(map[string]any) }
	if props(v3)["new"] != false || props(v3)["old"] == false || !reflect.DeepEqual(v3["required"], []any{"a", "old"}) {
		t.Errorf("v3 view: %v", v3)
	}
	if props(v4)["old"] != false || props(v4)["new"] == false || !reflect.DeepEqual(v4["required"], []any{"a", "new"}) {
		t.Errorf("v4 view: %v", v4)
	}
	if got := props(v3)["kind"].(map[string]any)["enum"]; !reflect.DeepEqual(got, []any{"x"}) {
		t.Errorf("v3 enum = %v", got)
	}
	if got := props(v4)["kind"].(map[string]any)["enum"]; !reflect.DeepEqual(got, []any{"x", "y"}) {
		t.Errorf("v4 enum = %v", got)
	}
	u := ViewAt(decode(t, doc), 3).(map[string]any)["$defs"].(map[string]any)["U"].(map[string]any)
	if _, has := u["required"]; has || props(u)["b"] != false {
		t.Errorf("an object without required got one: %v", u)
	}
	if props(v0)["new"] == false || props(v0)["old"] == false || len(v0["required"].([]any)) != 3 {
		t.Errorf("version 0 changed the document: %v", v0)
	}
}

// decode reads a JSON document as the schema loader does (numbers as
// json.Number).
func decode(t *testing.T, doc string) any {
	t.Helper()
	var d any
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		t.Fatal(err)
	}
	return d
}
