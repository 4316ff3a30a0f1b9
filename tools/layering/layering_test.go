// Package layering holds the test that keeps gatewire's dependencies
// pointing down: server and clients use gen and runtime, gen uses runtime,
// the shared test client in internal uses runtime alone, the shared
// exec-approvals policy in internal uses gen, and nothing imports the
// generator.
package layering

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/gatewire/gatewire/"

// generator is the protocol generator, which no other package may import,
// not even from its tests.
const generator = module + "tools/protocol-gen"

// rules maps a folder of the module to the folders its packages must not
// import (outside their tests, which may use a gateway or a client).
var rules = map[string][]string{
	module + "runtime": {module + "server", module + "clients", module + "gen", module + "tools"},
	module + "gen":     {module + "server", module + "clients", module + "tools"},
	module + "server":  {module + "tools"},
	module + "clients": {module + "tools", module + "server"},
	module + "schema":  {module + "server", module + "clients", module + "gen", module + "tools"},
	// internal holds what several layers share: the test client every
	// layer's tests use, which stands on runtime alone, and the
	// exec-approvals policy file of the gateway and the node host, whose
	// types are generated.
	module + "internal":            {module + "server", module + "clients", module + "tools"},
	module + "internal/testclient": {module + "gen"},
}

// pkg is one package as `go list` describes it.
type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// within reports whether path is folder or a package below it.
func within(path, folder string) bool {
	return path == folder || strings.HasPrefix(path, folder+"/")
}

// violations returns one line per import of pkgs that points the wrong
// way.
func violations(pkgs []pkg) []string {
	var out []string
	for _, p := range pkgs {
		for folder, banned := range rules {
			if !within(p.ImportPath, folder) {
				continue
			}
			for _, imp := range p.Imports {
				for _, b := range banned {
					if within(imp, b) {
						out = append(out, p.ImportPath+" imports "+imp+" ("+folder+" may not depend on "+b+")")
					}
				}
			}
		}
		if within(p.ImportPath, generator) {
			continue
		}
		for _, imp := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
			if within(imp, generator) {
				out = append(out, p.ImportPath+" imports "+imp+" (nothing may import the generator)")
			}
		}
	}
	return out
}

// TestLayering lists every package of the module with its direct imports
// (its tests' too) and fails on an import that points the wrong way.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,TestImports,XTestImports", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	for folder := range rules {
		if !slices.ContainsFunc(pkgs, func(p pkg) bool { return within(p.ImportPath, folder) }) {
			t.Errorf("no package in %s; is the module path right?", folder)
		}
	}
	for _, v := range violations(pkgs) {
		t.Error(v)
	}
}

// TestViolationsAreFound feeds the rules imports that point the wrong way,
// and some that look alike but are allowed.
func TestViolationsAreFound(t *testing.T) {
	pkgs := []pkg{
		{ImportPath: module + "runtime/engine", Imports: []string{module + "server/auth", module + "runtime/wire"}},
		{ImportPath: module + "clients/go", TestImports: []string{module + "server/gateway/gatewaytest"}},
		{ImportPath: module + "server/gateway", XTestImports: []string{generator + "/internal/model"}},
		{ImportPath: module + "tools/bench", Imports: []string{generator}},
		{ImportPath: generator + "/internal/golang", Imports: []string{generator + "/internal/model"}},
		{ImportPath: module + "schemata", Imports: []string{module + "server/x"}},
		{ImportPath: module + "internal/testclient", Imports: []string{module + "runtime/wire", module + "gen/go/protocol"}},
		{ImportPath: module + "internalx", Imports: []string{module + "server/x"}},
		{ImportPath: module + "internal/execapprovals", Imports: []string{module + "gen/go/protocol", module + "server/x"}},
	}
	want := []string{
		module + "runtime/engine imports " + module + "server/auth (" + module + "runtime may not depend on " + module + "server)",
		module + "server/gateway imports " + generator + "/internal/model (nothing may import the generator)",
		module + "tools/bench imports " + generator + " (nothing may import the generator)",
		module + "internal/testclient imports " + module + "gen/go/protocol (" + module + "internal/testclient may not depend on " + module + "gen)",
		module + "internal/execapprovals imports " + module + "server/x (" + module + "internal may not depend on " + module + "server)",
	}
	if got := violations(pkgs); !slices.Equal(got, want) {
		t.Fatalf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
