package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkFixture is a schema folder and the tree gen wrote from it.
type checkFixture struct {
	schema, out string
}

func newCheckFixture(t *testing.T) checkFixture {
	t.Helper()
	root := t.TempDir()
	f := checkFixture{schema: filepath.Join(root, "schema"), out: filepath.Join(root, "gen")}
	copyDir(t, filepath.Join("testdata", "golden", "protocol", "schema"), f.schema)
	if code, _, stderr := runCLI("gen", "--schema", f.schema, "--out", f.out); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, stderr)
	}
	return f
}

func (f checkFixture) check() (int, string) {
	code, _, stderr := runCLI("check", "--schema", f.schema, "--out", f.out)
	return code, stderr
}

func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestCheckDetectsEveryMutation: check passes on a fresh tree and fails,
// naming the file, after each kind of drift.
func TestCheckDetectsEveryMutation(t *testing.T) {
	if code, stderr := newCheckFixture(t).check(); code != 0 {
		t.Fatalf("check of a fresh tree: exit %d: %s", code, stderr)
	}
	cases := []struct {
		name   string
		mutate func(t *testing.T, f checkFixture)
		want   string
	}{
		{"schema edited, not regenerated", func(t *testing.T, f checkFixture) {
			edit(t, filepath.Join(f.schema, "system.json"), `"description": "Epoch milliseconds."`, `"description": "Epoch milliseconds (UTC)."`)
		}, "go/protocol/system_gen.go: changed"},
		{"generated file edited", func(t *testing.T, f checkFixture) {
			edit(t, filepath.Join(f.out, "go", "protocol", "client_gen.go"), "NewClient", "NewClientX")
		}, "go/protocol/client_gen.go: changed"},
		{"generated file deleted", func(t *testing.T, f checkFixture) {
			if err := os.Remove(filepath.Join(f.out, "swift", "Package.swift")); err != nil {
				t.Fatal(err)
			}
		}, "swift/Package.swift: missing"},
		{"extra file added", func(t *testing.T, f checkFixture) {
			if err := os.WriteFile(filepath.Join(f.out, "go", "protocol", "handwritten.go"), []byte("package protocol\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "go/protocol/handwritten.go: not generated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newCheckFixture(t)
			c.mutate(t, f)
			code, stderr := f.check()
			if code != 1 || !strings.Contains(stderr, filepath.ToSlash(f.out)+"/"+c.want) {
				t.Fatalf("check: exit %d, stderr:\n%s\nwant exit 1 naming %s", code, stderr, c.want)
			}
		})
	}
}

// TestGenRemovesOrphans: gen owns its output folder and deletes files it
// no longer generates, so that check passes right after it.
func TestGenRemovesOrphans(t *testing.T) {
	f := newCheckFixture(t)
	orphan := filepath.Join(f.out, "go", "protocol", "old_gen.go")
	if err := os.WriteFile(orphan, []byte("package protocol\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("gen", "--schema", f.schema, "--out", f.out); code != 0 {
		t.Fatalf("gen: %s", stderr)
	}
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Fatalf("orphan survived gen: %v", err)
	}
	if code, stderr := f.check(); code != 0 {
		t.Fatalf("check after gen: %s", stderr)
	}
}

func TestCLIReportsLocatedSchemaErrors(t *testing.T) {
	f := newCheckFixture(t)
	edit(t, filepath.Join(f.schema, "system.json"), `"required": ["nonce", "ts"]`, `"requried": ["nonce", "ts"]`)
	code, _, stderr := runCLI("gen", "--schema", f.schema, "--out", f.out)
	if code != 1 || !strings.HasPrefix(stderr, `schema/system.json:126: /$defs/ChallengeEvent/requried: unknown keyword "requried"`) {
		t.Fatalf("gen: exit %d, stderr %q", code, stderr)
	}
}

func TestCLIUsage(t *testing.T) {
	if code, _, stderr := runCLI(); code != 2 || !strings.Contains(stderr, "usage: protocol-gen") {
		t.Fatalf("no args: exit %d %q", code, stderr)
	}
	if code, _, _ := runCLI("types", "--in", "x.json"); code != 2 {
		t.Fatalf("types without an output: exit %d", code)
	}
	if code, _, stderr := runCLI("types", "--in", "testdata/golden/draft07/input.json", "--go-out", t.TempDir(), "--go-package", "func"); code != 1 || !strings.Contains(stderr, "not a valid Go package name") {
		t.Fatalf("keyword package: exit %d %q", code, stderr)
	}
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}
