package pipeline

import "testing"

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
