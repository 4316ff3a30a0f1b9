package emit_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
	_ "github.com/gatewire/gatewire/tools/protocol-gen/internal/golden" // accepts -update
)

func TestWriteThenCheckIsClean(t *testing.T) {
	dir := t.TempDir()
	files := emit.Files{"a/x.go": []byte("x"), "b.swift": []byte("b")}
	if err := emit.Write(dir, files, true); err != nil {
		t.Fatal(err)
	}
	problems, err := emit.Check(dir, files)
	if err != nil || len(problems) != 0 {
		t.Fatalf("Check = %v, %v", problems, err)
	}
}

func TestCheckReportsChangedMissingAndOrphaned(t *testing.T) {
	dir := t.TempDir()
	files := emit.Files{"keep": []byte("k"), "change": []byte("new"), "missing": []byte("m")}
	write(t, dir, "keep", "k")
	write(t, dir, "change", "old")
	write(t, dir, "sub/orphan", "o")
	problems, err := emit.Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	want := []emit.Problem{{"change", emit.Changed}, {"missing", emit.Missing}, {"sub/orphan", emit.Orphaned}}
	if !reflect.DeepEqual(problems, want) {
		t.Fatalf("Check = %v, want %v", problems, want)
	}
}

func TestWritePrunesOrphansAndLeavesUnchangedFilesAlone(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "same", "s")
	write(t, dir, "old/gone", "g")
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(dir, "same"), past, past); err != nil {
		t.Fatal(err)
	}
	if err := emit.Write(dir, emit.Files{"same": []byte("s"), "new": []byte("n")}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Fatalf("orphan folder survived: %v", err)
	}
	info, err := os.Stat(filepath.Join(dir, "same"))
	if err != nil || !info.ModTime().Equal(past) {
		t.Fatalf("unchanged file was rewritten: %v %v", info.ModTime(), err)
	}
}

func TestWriteWithoutPruneKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "handwritten.go", "h")
	if err := emit.Write(dir, emit.Files{"x_gen.go": []byte("x")}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "handwritten.go")); err != nil {
		t.Fatal("types mode removed a file it does not own")
	}
}

func TestCheckOfMissingFolderReportsEveryFileMissing(t *testing.T) {
	problems, err := emit.Check(filepath.Join(t.TempDir(), "absent"), emit.Files{"a": nil})
	if err != nil || len(problems) != 1 || problems[0].Kind != emit.Missing {
		t.Fatalf("Check = %v, %v", problems, err)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
