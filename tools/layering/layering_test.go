// Package layering holds the test that keeps gatewire's dependencies
// pointing down: server and clients use gen and runtime, gen uses runtime,
// and nothing imports the generator.
package layering

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/gatewire/gatewire/"

// rules maps a package prefix to the module prefixes it must not import.
var rules = map[string][]string{
	module + "runtime/": {module + "server/", module + "clients/", module + "gen/", module + "tools/"},
	module + "gen/":     {module + "server/", module + "clients/", module + "tools/"},
	module + "server/":  {module + "tools/"},
	module + "clients/": {module + "tools/", module + "server/"},
	module + "schema":   {module + "server/", module + "clients/", module + "gen/", module + "tools/"},
}

type listed struct {
	ImportPath string
	Imports    []string
}

// TestLayering lists every non-test package with its direct imports and
// fails on an import that points the wrong way.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "github.com/gatewire/gatewire/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		for prefix, banned := range rules {
			if !strings.HasPrefix(p.ImportPath+"/", prefix) && !strings.HasPrefix(p.ImportPath, prefix) {
				continue
			}
			checked++
			for _, imp := range p.Imports {
				for _, b := range banned {
					if strings.HasPrefix(imp, b) {
						t.Errorf("%s imports %s, which it must not (%s may not depend on %s)", p.ImportPath, imp, prefix, b)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no packages were checked; is the module path right?")
	}
}
