package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/golden"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/pipeline"
)

// goldenCase is one directory of testdata/golden: either a schema folder
// with a manifest (schema/ → gen/), or a single document input.json
// (input.json → go/<case>/ and swift/).
type goldenCase struct {
	name, dir string
	protocol  bool
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join("testdata", "golden", e.Name())
		_, err := os.Stat(filepath.Join(dir, "schema", pipeline.ManifestFile))
		out = append(out, goldenCase{name: e.Name(), dir: dir, protocol: err == nil})
	}
	if len(out) == 0 {
		t.Fatal("no golden cases")
	}
	return out
}

// generateCase runs the generator on a case: the files keyed by their
// path under the case directory.
func generateCase(t *testing.T, c goldenCase) emit.Files {
	t.Helper()
	if c.protocol {
		files, err := pipeline.Protocol(filepath.Join(c.dir, "schema"))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		out := emit.Files{}
		if err := out.AddUnder("gen", files); err != nil {
			t.Fatal(err)
		}
		return out
	}
	res, err := pipeline.Types(pipeline.TypesOptions{Input: filepath.Join(c.dir, "input.json"), GoPackage: c.name, Swift: true})
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	out := emit.Files{}
	if err := errors.Join(out.AddUnder("go/"+c.name, res.Go), out.AddUnder("swift", res.Swift)); err != nil {
		t.Fatal(err)
	}
	return out
}

// outputDirs are the directories of a case that hold generated files.
func outputDirs(c goldenCase) []string {
	if c.protocol {
		return []string{"gen"}
	}
	return []string{"go", "swift"}
}

// TestGolden compares the generator's output for every case with the
// files under the case; go test ./tools/protocol-gen/... -update rewrites them.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			files := generateCase(t, c)
			for _, dir := range outputDirs(c) {
				golden.Compare(t, filepath.Join(c.dir, dir), under(files, dir))
			}
		})
	}
}

// under returns the files below dir, with paths relative to it.
func under(files emit.Files, dir string) emit.Files {
	out := emit.Files{}
	for p, data := range files {
		if rel, ok := strings.CutPrefix(p, dir+"/"); ok {
			out[rel] = data
		}
	}
	return out
}

// TestGoldenGoCompiles builds and vets every golden Go package.
func TestGoldenGoCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	var pkgs []string
	for _, c := range goldenCases(t) {
		if c.protocol {
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(c.dir, "gen", pipeline.GoDir)))
		} else {
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(c.dir, "go", c.name)))
		}
	}
	goVet(t, ".", pkgs...)
}

// goVet runs go vet (which type-checks) on packages from dir.
func goVet(t *testing.T, dir string, pkgs ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}
}

// TestGoldenSwiftParses runs the Swift syntax check over the golden Swift.
func TestGoldenSwiftParses(t *testing.T) {
	swiftCheck(t, filepath.Join("testdata", "golden"))
}

// swiftCheck runs tools/swift-check/run on dir. It skips, saying why, only
// when the parser cannot be installed from npm.
func swiftCheck(t *testing.T, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("installs the Swift parser from npm")
	}
	out, err := exec.Command(filepath.Join("..", "swift-check", "run"), dir).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 2 && strings.Contains(string(out), "npm ci failed"):
		t.Skipf("Swift syntax check skipped: the npm cache could not be populated:\n%s", out)
	default:
		t.Fatalf("swift-check %s: %v\n%s", dir, err, out)
	}
}

// TestGoldenJSTypeChecks runs the JavaScript type check over the golden
// protocol case's gen/js.
func TestGoldenJSTypeChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the TypeScript compiler from npm")
	}
	dir := filepath.Join("testdata", "golden", "protocol", "gen", pipeline.JSDir)
	out, err := exec.Command(filepath.Join("..", "js-check", "run"), dir).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 2 && strings.Contains(string(out), "npm ci failed"):
		t.Skipf("JavaScript type check skipped: the npm cache could not be populated:\n%s", out)
	default:
		t.Fatalf("js-check %s: %v\n%s", dir, err, out)
	}
}
