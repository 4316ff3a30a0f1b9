package execapprovals

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func ptr[T any](v T) *T { return &v }

func TestMissingFileReadsEmptyWithHashOfNothing(t *testing.T) {
	s := InDir(t.TempDir())
	snap, err := s.Read()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Exists || snap.Hash != Hash(nil) || snap.File.Version != 1 {
		t.Fatalf("snapshot = %+v", snap)
	}
	if _, err := os.Stat(s.Path()); !os.IsNotExist(err) {
		t.Fatalf("Read created the file: %v", err)
	}
}

func TestEnsureCreatesTheFileWithMode0600(t *testing.T) {
	s := InDir(filepath.Join(t.TempDir(), "state"))
	snap, err := s.Ensure()
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v", fi.Mode().Perm())
	}
	raw, _ := os.ReadFile(s.Path())
	if !snap.Exists || snap.Hash != Hash(raw) {
		t.Fatalf("snapshot = %+v, file hash %s", snap, Hash(raw))
	}
}

func TestSetChecksTheBaseHashOnceTheFileExists(t *testing.T) {
	s := InDir(t.TempDir())
	full := File{Version: 1, Defaults: &protocol.ExecApprovalsPolicy{Security: ptr("full")}}
	first, err := s.Set(full, "")
	if err != nil {
		t.Fatalf("first set without a base hash: %v", err)
	}
	if _, err := s.Set(full, ""); !errors.Is(err, ErrBaseHashRequired) {
		t.Fatalf("no base hash: %v", err)
	}
	if _, err := s.Set(full, Hash([]byte("other"))); !errors.Is(err, ErrChanged) {
		t.Fatalf("stale base hash: %v", err)
	}
	deny := File{Version: 1, Defaults: &protocol.ExecApprovalsPolicy{Security: ptr("deny")}}
	second, err := s.Set(deny, first.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if second.Hash == first.Hash || *second.File.Defaults.Security != "deny" {
		t.Fatalf("second = %+v", second)
	}
}

func TestSetKeepsTheSocketAndRepliesWithoutItsToken(t *testing.T) {
	dir := t.TempDir()
	s := InDir(dir)
	raw := `{"version":1,"socket":{"path":"/run/x.sock","token":"secret-token"},"agents":{}}`
	if err := os.WriteFile(s.Path(), []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Set(File{Version: 1}, Hash([]byte(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if snap.File.Socket == nil || deref(snap.File.Socket.Token) != "secret-token" {
		t.Fatalf("socket lost: %+v", snap.File.Socket)
	}
	w := snap.Wire()
	if w.File.Socket == nil || w.File.Socket.Token != nil || deref(w.File.Socket.Path) != "/run/x.sock" {
		t.Fatalf("wire socket = %+v", w.File.Socket)
	}
}

func TestWriteLeavesNoTemporaryFilesAndRefusesASymlink(t *testing.T) {
	dir := t.TempDir()
	s := InDir(dir)
	if _, err := s.Ensure(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files = %v", entries)
	}
	other := filepath.Join(t.TempDir(), "target.json")
	link := InDir(t.TempDir())
	if err := os.Symlink(other, link.Path()); err != nil {
		t.Fatal(err)
	}
	if _, err := link.Set(File{Version: 1}, Hash(nil)); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("write through symlink: %v", err)
	}
}

func TestParseNormalizes(t *testing.T) {
	raw := `{"version":1,"defaults":{"security":"bogus","ask":"on-miss"},
	 "agents":{"default":{"security":"allowlist","allowlist":[{"pattern":"/bin/ls","commandText":"ls"},{"pattern":"  "}]},
	           "main":{"ask":"always","allowlist":[{"id":"x","pattern":"/bin/ls"}]}}}`
	f := Parse([]byte(raw))
	if f.Defaults.Security != nil || deref(f.Defaults.Ask) != "on-miss" {
		t.Fatalf("defaults = %+v", f.Defaults)
	}
	if _, ok := f.Agents["default"]; ok {
		t.Fatal("legacy default agent kept")
	}
	main := f.Agents["main"]
	if deref(main.Ask) != "always" || deref(main.Security) != "allowlist" || len(main.Allowlist) != 1 || deref(main.Allowlist[0].ID) != "x" {
		t.Fatalf("main = %+v", main)
	}
	if Parse([]byte(`{"version":2}`)).Agents == nil || Parse([]byte(`not json`)).Version != 1 {
		t.Fatal("unreadable files must read as empty")
	}
}
