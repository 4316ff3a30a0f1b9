package load

import (
	"strings"
	"testing"

	_ "github.com/gatewire/gatewire/tools/protocol-gen/internal/golden" // accepts -update
)

func mustAdd(t *testing.T, s *Set, name, text string) *Document {
	t.Helper()
	doc, err := s.Add(name, "file:///"+name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func def(t *testing.T, doc *Document, name string) *Schema {
	t.Helper()
	for _, d := range doc.Schema.Defs {
		if d.Name == name {
			return d.Schema
		}
	}
	t.Fatalf("no definition %s", name)
	return nil
}

func TestReferencesResolveEverywhere(t *testing.T) {
	s := NewSet(Options{Strict: true})
	other := mustAdd(t, s, "other.json", `{"$defs": {"X": {"type": "string"}}}`)
	doc := mustAdd(t, s, "main.json", `{
  "$defs": {
    "Local":   {"$ref": "#/$defs/Target"},
    "Nested":  {"$ref": "#/$defs/Target/properties/inner"},
    "File":    {"$ref": "other.json#/$defs/X"},
    "Anchor":  {"$ref": "#here"},
    "Escaped": {"$ref": "#/$defs/a~1b"},
    "Target":  {"type": "object", "properties": {"inner": {"type": "integer"}}},
    "Anchored": {"$anchor": "here", "type": "boolean"},
    "a/b":     {"type": "null"}
  }
}`)
	cases := map[string]*Schema{
		"Local":   def(t, doc, "Target"),
		"Nested":  def(t, doc, "Target").Property("inner"),
		"File":    def(t, other, "X"),
		"Anchor":  def(t, doc, "Anchored"),
		"Escaped": def(t, doc, "a/b"),
	}
	for name, want := range cases {
		got, err := s.Resolve(def(t, doc, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got != want {
			t.Errorf("%s resolved to %s, want %s", name, got.Pointer, want.Pointer)
		}
	}
	s.CheckRefs()
	if errs := s.Errors(); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
}

func TestIDChangesTheBaseAndDraft07IDsAreAnchors(t *testing.T) {
	s := NewSet(Options{Strict: true})
	doc := mustAdd(t, s, "main.json", `{
  "$id": "https://example.test/schemas/main.json",
  "definitions": {
    "A": {"$ref": "item.json"},
    "B": {"$ref": "#named"},
    "Item": {"$id": "item.json", "type": "string"},
    "Named": {"$id": "#named", "type": "integer"}
  }
}`)
	for name, want := range map[string]string{"A": "Item", "B": "Named"} {
		got, err := s.Resolve(def(t, doc, name))
		if err != nil || got != def(t, doc, want) {
			t.Errorf("%s → %v, %v; want %s", name, got, err, want)
		}
	}
}

func TestStrictAndLenientLoading(t *testing.T) {
	const text = "{\n  \"$defs\": {\n    \"A\": {\"type\": \"object\", \"propertees\": {}},\n    \"B\": {\"required\": \"x\"}\n  }\n}"
	strict := NewSet(Options{Strict: true})
	mustAdd(t, strict, "s.json", text)
	got := strict.Errors().Err()
	if got == nil || !strings.Contains(got.Error(), `s.json:3: /$defs/A/propertees: unknown keyword "propertees" (did you mean "properties"?)`) ||
		!strings.Contains(got.Error(), `s.json:4: /$defs/B/required: required must be an array of strings`) {
		t.Fatalf("strict errors:\n%v", got)
	}
	lenient := NewSet(Options{})
	doc := mustAdd(t, lenient, "s.json", text)
	if len(lenient.Errors()) != 0 || len(lenient.Warnings()) != 1 {
		t.Fatalf("lenient: errors %v, warnings %v", lenient.Errors(), lenient.Warnings())
	}
	if def(t, doc, "B").Required != nil {
		t.Fatal("a malformed keyword was kept")
	}
}

func TestFetchLoadsSiblingsOnceAndRemembersFailures(t *testing.T) {
	calls := map[string]int{}
	s := NewSet(Options{Fetch: func(uri string) (string, []byte, error) {
		calls[uri]++
		if strings.HasSuffix(uri, "sib.json") {
			return "sib.json", []byte(`{"$defs": {"S": {"type": "string"}}}`), nil
		}
		return "", nil, errFetch
	}})
	doc := mustAdd(t, s, "main.json", `{"$defs": {
    "A": {"$ref": "sib.json#/$defs/S"}, "B": {"$ref": "sib.json#/$defs/S"},
    "C": {"$ref": "gone.json"}, "D": {"$ref": "gone.json"}}}`)
	for _, n := range []string{"A", "B"} {
		if got, err := s.Resolve(def(t, doc, n)); err != nil || got.Doc.Name != "sib.json" {
			t.Fatalf("%s: %v %v", n, got, err)
		}
	}
	_, errC := s.Resolve(def(t, doc, "C"))
	_, errD := s.Resolve(def(t, doc, "D"))
	if errC == nil || errD == nil || !strings.Contains(errD.Error(), errFetch.Error()) {
		t.Fatalf("errors: %v / %v", errC, errD)
	}
	if calls["file:///sib.json"] != 1 || calls["file:///gone.json"] != 1 {
		t.Fatalf("fetch calls: %v", calls)
	}
}

type fetchError string

func (e fetchError) Error() string { return string(e) }

const errFetch = fetchError("not on disk")

// TestUndeclaredRequiredIsLocatedAtItsOwnEntry: a name listed twice in
// required does not shift where a later undeclared name is reported.
func TestUndeclaredRequiredIsLocatedAtItsOwnEntry(t *testing.T) {
	s := NewSet(Options{Strict: true})
	mustAdd(t, s, "r.json", "{\"$defs\": {\"A\": {\"type\": \"object\", \"properties\": {\"a\": {}},\n  \"required\": [\"a\", \"a\",\n    \"b\", \"b\"]}}}")
	got := s.Errors().Err()
	want := `r.json:2: /$defs/A/required/1: required lists "a" twice` + "\n" +
		`r.json:3: /$defs/A/required/2: required property "b" is not declared in properties` + "\n" +
		`r.json:3: /$defs/A/required/3: required lists "b" twice`
	if got == nil || got.Error() != want {
		t.Fatalf("errors:\n%v\nwant:\n%s", got, want)
	}
}
