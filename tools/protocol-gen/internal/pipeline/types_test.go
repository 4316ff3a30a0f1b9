package pipeline

import (
	"strings"
	"testing"
)

func TestTypesFileNamesAvoidHelperFiles(t *testing.T) {
	for _, name := range []string{"doc.json", "nullable.json", "extra.json", "union.json", "AnyCodable.json", "ordinary.json"} {
		res, err := Types(TypesOptions{Input: name, GoPackage: "p", Swift: true,
			data: []byte(`{"definitions": {"A": {"type": "object", "properties": {"b": {"type": ["string", "null"]}}}}}`)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Go) < 3 || len(res.Swift) != 2 {
			t.Fatalf("%s: Go files %d, Swift files %d", name, len(res.Go), len(res.Swift))
		}
	}
}

func TestTypesRejectsBadPackageNames(t *testing.T) {
	for _, pkg := range []string{"func", "my-types", "_", "1x"} {
		if _, err := Types(TypesOptions{Input: "x.json", GoPackage: pkg, data: []byte(`{}`)}); err == nil {
			t.Errorf("package %q accepted", pkg)
		}
	}
}

// TestRawNotesNameTheKeyword: the note on an untypable union names the
// keyword that holds it, also when its first branch is null and an anyOf
// stands beside it.
func TestRawNotesNameTheKeyword(t *testing.T) {
	doc := `{"definitions": {"A": {"type": "object", "properties": {"v": {
  "oneOf": [{"type": "null"}, {"type": "string"}, {"type": "object", "properties": {"x": {"type": "string"}}}],
  "anyOf": [{"type": "string"}, {"type": "object"}]}}}}}`
	res, err := Types(TypesOptions{Input: "union.json", GoPackage: "p", data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.HasSuffix(res.Notes[0].Msg, "typed as raw JSON: oneOf of string, object") {
		t.Fatalf("notes = %v", res.Notes)
	}
}
