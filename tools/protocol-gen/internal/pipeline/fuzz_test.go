package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/gatewire/gatewire/tools/protocol-gen/internal/golden" // accepts -update
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
)

// FuzzTypes feeds arbitrary documents to the types pipeline. It must never
// panic, and whatever fails must fail as located schema errors: an error
// while rendering Go or Swift (which formats and so parses the Go) means
// the generator produced invalid code.
func FuzzTypes(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "*", "*.json"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"$defs":{"A":{"oneOf":[{"properties":{"k":{"const":"x"}},"required":["k"]},{"properties":{"k":{"const":"y"}},"required":["k"]}]}}}`))
	f.Add([]byte(`{"definitions":{"func":{"properties":{"type":{"enum":["", "-", "0", "case"]},"init":{"$ref":"#"}}}}}`))
	f.Add([]byte(`{"definitions":{"\n":{"description":"*/\u2028//go:generate x"}}}`))
	f.Add([]byte(`{"$ref":"/dev/zero","definitions":{"A":{"$ref":"fuzz_test.go"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, strict := range []bool{false, true} {
			_, err := Types(TypesOptions{Input: "fuzz.json", GoPackage: "fuzz", Swift: true, Strict: strict, data: data})
			var located load.Errors
			if err != nil && !errors.As(err, &located) {
				t.Fatalf("strict=%v: %v\ninput: %s", strict, err, data)
			}
		}
	})
}
