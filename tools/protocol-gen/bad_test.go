package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/pipeline"
)

// TestBadSchemas runs every case of testdata/bad and requires the first
// line of the error to be exactly the case's want.txt: the file, line,
// JSON pointer and message of the mistake.
//
// A case with input.json is a single document checked by types --strict.
// Any other case is a schema folder: its files replace those of
// testdata/golden/protocol/schema in a copy named after the case.
func TestBadSchemas(t *testing.T) {
	cases, err := os.ReadDir(filepath.Join("testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no bad-schema cases")
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata", "bad", c.Name())
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			got := badCaseError(t, c.Name(), dir)
			if first, _, _ := strings.Cut(got, "\n"); first != strings.TrimSpace(string(want)) {
				t.Fatalf("error:\n got: %s\nwant: %s", got, strings.TrimSpace(string(want)))
			}
		})
	}
}

// badCaseError runs the generator on a case and returns its error text.
func badCaseError(t *testing.T, name, dir string) string {
	t.Helper()
	var err error
	if _, statErr := os.Stat(filepath.Join(dir, "input.json")); statErr == nil {
		_, err = pipeline.Types(pipeline.TypesOptions{Input: filepath.Join(dir, "input.json"), GoPackage: "bad", Swift: true, Strict: true})
	} else {
		folder := filepath.Join(t.TempDir(), name)
		copyDir(t, filepath.Join("testdata", "golden", "protocol", "schema"), folder)
		copyDir(t, dir, folder)
		os.Remove(filepath.Join(folder, "want.txt"))
		_, err = pipeline.Protocol(folder)
	}
	if err == nil {
		t.Fatal("the generator accepted the bad schema")
	}
	return err.Error()
}

// copyDir copies the regular files of src into dst (created if needed).
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
