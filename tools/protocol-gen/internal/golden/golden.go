// Package golden holds what the generator's tests share: the -update flag
// that rewrites golden files (every test package under tools/protocol-gen
// imports this package, so that "go test ./tools/protocol-gen/... -update"
// is accepted everywhere) and the comparison of generated files with a
// golden directory.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
)

// update is set by -update: golden files are rewritten instead of compared.
var update = flag.Bool("update", false, "rewrite the golden files of the protocol-gen tests")

// Compare requires dir to hold exactly files; with -update it rewrites dir
// (removing files that are no longer generated) instead.
func Compare(t *testing.T, dir string, files emit.Files) {
	t.Helper()
	if *update {
		if err := emit.Write(dir, files, true); err != nil {
			t.Fatalf("update %s: %v", dir, err)
		}
		return
	}
	problems, err := emit.Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s%s", filepath.Join(dir, p.Path), p.Kind, firstDifference(filepath.Join(dir, p.Path), files[p.Path]))
	}
	if len(problems) > 0 {
		t.Log("run go test ./tools/protocol-gen/... -update to accept the new output")
	}
}

// firstDifference describes the first line where a golden file and the
// generated content differ.
func firstDifference(path string, got []byte) string {
	want, err := os.ReadFile(path)
	if err != nil || got == nil {
		return ""
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) && i < len(gl); i++ {
		if wl[i] != gl[i] {
			return "\n  line " + strconv.Itoa(i+1) + ":\n  golden: " + wl[i] + "\n     got: " + gl[i]
		}
	}
	if !bytes.Equal(want, got) {
		return "\n  lengths differ"
	}
	return ""
}
