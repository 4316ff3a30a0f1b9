package statedir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestResolvePrecedence(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory")
	}
	env := map[string]string{EnvStateDir: "/gw", EnvOpenClawStateDir: "/oc"}
	cases := []struct {
		flag string
		dev  bool
		env  map[string]string
		want string
	}{
		{"/flag", false, env, "/flag"},
		{"", false, env, "/gw"},
		{"", true, map[string]string{EnvOpenClawStateDir: "/oc"}, "/oc"},
		{"", false, nil, filepath.Join(home, DefaultName)},
		{"", true, nil, filepath.Join(home, DefaultDevName)},
		{"~/x", false, nil, filepath.Join(home, "x")},
	}
	for _, tc := range cases {
		got, err := Resolve(tc.flag, tc.dev, envOf(tc.env))
		if err != nil || string(got) != tc.want {
			t.Errorf("Resolve(%q, %v) = %q, %v; want %q", tc.flag, tc.dev, got, err, tc.want)
		}
	}
}

func TestEnsureCreatesPrivateDirAndLeavesExistingAlone(t *testing.T) {
	d := Dir(filepath.Join(t.TempDir(), "a", "b"))
	if err := d.Ensure(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(d.Root())
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("mode = %v, %v", info.Mode(), err)
	}
	shared := t.TempDir()
	if err := os.Chmod(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Dir(shared).Ensure(); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(shared); info.Mode().Perm() != 0o755 {
		t.Fatalf("existing dir mode changed to %v", info.Mode())
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o600)
	if err := Dir(file).Ensure(); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("file as state dir: %v", err)
	}
}

func TestLoadOrCreateTokenIsStableAndPrivate(t *testing.T) {
	d := Dir(t.TempDir())
	tok, created, err := d.LoadOrCreateToken()
	if err != nil || !created || len(tok) != 43 {
		t.Fatalf("token %q created=%v err=%v", tok, created, err)
	}
	info, err := os.Stat(d.TokenFile())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v %v", info, err)
	}
	again, created, err := d.LoadOrCreateToken()
	if err != nil || created || again != tok {
		t.Fatalf("second load %q created=%v err=%v", again, created, err)
	}
	if err := os.Chmod(d.TokenFile(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadToken(d.TokenFile()); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable token accepted: %v", err)
	}
}
