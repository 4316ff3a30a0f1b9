package doctor

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/internal/service/servicetest"
	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
)

// brokenHost is a home directory whose gateway state is broken in every
// way doctor checks.
type brokenHost struct {
	home, dir, unitPath string
	port                int
}

// newBrokenHost builds the broken state: a state dir others can read, a
// token file others can read, a config with OpenClaw keys gatewire does
// not implement and a short token on a LAN bind, a port held by another
// HTTP server, a damaged store, a file from the future, and a unit that
// runs a missing binary with a secret in its environment.
func newBrokenHost(t *testing.T) *brokenHost {
	h := &brokenHost{home: t.TempDir()}
	h.dir = filepath.Join(h.home, ".gatewire")
	must(t, os.MkdirAll(filepath.Join(h.dir, "logs"), 0o755))
	must(t, os.Chmod(h.dir, 0o755))

	// Another program's HTTP server on the gateway's port.
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	must(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Header().Set("Server", "nginx") }),
		ReadHeaderTimeout: time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	h.port = ln.Addr().(*net.TCPAddr).Port

	cfg := `{
  gateway: { port: ` + strconv.Itoa(h.port) + `, bind: "lan", auth: { token: "abc123abc123" } },
  channels: { telegram: { enabled: true } },
}
`
	must(t, os.WriteFile(filepath.Join(h.dir, "gatewire.json"), []byte(cfg), 0o644))
	must(t, os.WriteFile(filepath.Join(h.dir, "gateway.token"), []byte(statedir.NewToken()+"\n"), 0o644))

	// A real store, then damaged past its first page, and left readable.
	db := store.PathIn(h.dir)
	s, err := store.Open(context.Background(), db)
	must(t, err)
	must(t, s.Close())
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	must(t, err)
	_, err = f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", 2048)), 4096+100)
	must(t, err)
	must(t, f.Close())
	must(t, os.Chmod(db, 0o644))

	// The log file was written an hour after "now": the clock went back.
	logFile := filepath.Join(h.dir, "logs", "gatewire.log")
	must(t, os.WriteFile(logFile, []byte("{}\n"), 0o600))
	future := time.Now().Add(time.Hour)
	must(t, os.Chtimes(logFile, future, future))

	unitDir := filepath.Join(h.home, ".config", "systemd", "user")
	must(t, os.MkdirAll(unitDir, 0o755))
	h.unitPath = filepath.Join(unitDir, "gatewire-gateway.service")
	unit := "[Service]\nExecStart=\"/opt/gone/gatewire\" \"gateway\" \"--state-dir\" \"" + h.dir + "\"\n" +
		"Environment=\"GATEWIRE_TOKEN=abc123abc123\"\nRestart=always\n"
	must(t, os.WriteFile(h.unitPath, []byte(unit), 0o644))
	return h
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// run runs doctor on the host with the stand-in systemctl on PATH.
func (h *brokenHost) run(t *testing.T) Report {
	t.Helper()
	return Run(context.Background(), Options{StateDir: statedir.Dir(h.dir), Getenv: func(string) string { return "" }, Now: time.Now,
		Service: service.Manager{UnitDir: filepath.Dir(h.unitPath)}})
}

// find returns the findings of check at level whose message holds text.
func find(r Report, check string, level Level, text string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Check == check && f.Level == level && strings.Contains(f.Message, text) {
			out = append(out, f)
		}
	}
	return out
}

func TestDoctorOnABrokenStateDir(t *testing.T) {
	h := newBrokenHost(t)
	sd := servicetest.New(t)
	for _, kv := range sd.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Setenv("HOME", h.home)
	before := tree(t, h.dir)
	r := h.run(t)
	if after := tree(t, h.dir); after != before {
		t.Fatalf("doctor changed the state dir:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if r.OK {
		t.Fatal("doctor found nothing wrong")
	}
	want := []struct {
		check string
		level Level
		text  string
		fix   string
	}{
		{"permissions", Warn, h.dir + " has mode 0755", "chmod 700 " + h.dir},
		{"permissions", Error, "gateway.token has mode 0644: it holds secrets", "chmod 600 " + filepath.Join(h.dir, "gateway.token")},
		{"permissions", Error, "state.db has mode 0644", "chmod 600 "},
		{"permissions", Warn, "gatewire.json has mode 0644", "chmod 600 "},
		{"config", Warn, "accepts but does not implement (they have no effect): channels.telegram", "remove channels.telegram"},
		{"auth", Error, "the gateway token is 12 characters", "set gateway.auth.token"},
		{"bind", Warn, `listens on "lan"`, "gateway.tls.enabled: true"},
		{"port", Error, "port " + strconv.Itoa(h.port) + " is held by another program", "ss -ltnp"},
		{"service", Error, "runs /opt/gone/gatewire, which is missing", "gatewire gateway install --force"},
		{"service", Error, "sets a secret in the unit file", "gatewire gateway install --force"},
		{"service", Warn, "is installed but inactive", "gatewire gateway start"},
		{"service", Warn, "is disabled", "systemctl --user enable gatewire-gateway.service"},
		{"clock", Error, "ahead of the clock", "timedatectl set-ntp true"},
		{"store", Error, "state.db", "mv "},
	}
	for _, w := range want {
		got := find(r, w.check, w.level, w.text)
		if len(got) == 0 || !strings.Contains(got[0].Fix, w.fix) {
			t.Errorf("no %s %s finding with %q and a fix with %q; got %+v", w.level, w.check, w.text, w.fix, got)
		}
	}
	for _, f := range r.Findings {
		if (f.Level == Warn || f.Level == Error) && f.Fix == "" {
			t.Errorf("finding without a fix: %+v", f)
		}
	}
	if t.Failed() {
		t.Logf("report: %+v", r.Findings)
		return
	}

	// The permission fixes, run as given, fix what they were given for.
	for _, f := range r.Findings {
		if f.Check == "permissions" {
			if out, err := exec.Command("sh", "-c", f.Fix).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v %s", f.Fix, err, out)
			}
		}
	}
	r = h.run(t)
	if got := find(r, "permissions", OK, "nothing in"); len(got) != 1 {
		t.Fatalf("after the fixes: %+v", r.Findings)
	}
}

func TestDoctorNamesTheConfigFilesLineAndKey(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte("{\n  gateway: {\n    prot: 1\n  }\n}\n"), 0o600))
	r := Run(context.Background(), Options{StateDir: statedir.Dir(dir), Getenv: func(string) string { return "" }, Now: time.Now,
		Service: service.Manager{UnitDir: t.TempDir()}})
	got := find(r, "config", Error, "gateway.prot")
	if r.OK || len(got) != 1 || !strings.Contains(got[0].Message, "line 3") || !strings.Contains(got[0].Fix, "gatewire.json  # fix line 3, gateway.prot") {
		t.Fatalf("report: %+v", r.Findings)
	}
}

// tree lists the files under dir with their modes and sizes.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	must(t, filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(path + " " + info.Mode().String() + " " + strconv.FormatInt(info.Size(), 10) + "\n")
		return nil
	}))
	return b.String()
}
