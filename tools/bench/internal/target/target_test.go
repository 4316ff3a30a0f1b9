package target

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseVmRSS(t *testing.T) {
	status := "Name:\tgatewire\nVmPeak:\t  9000 kB\nVmRSS:\t   12345 kB\nRssAnon:\t 1 kB\n"
	got, err := parseVmRSS([]byte(status))
	if err != nil || got != 12345*1024 {
		t.Fatalf("parseVmRSS = %d, %v", got, err)
	}
	if _, err := parseVmRSS([]byte("Name:\tx\n")); err == nil {
		t.Fatal("status without VmRSS accepted")
	}
	if _, err := parseVmRSS([]byte("VmRSS:\t12 MB\n")); err == nil {
		t.Fatal("VmRSS in an unexpected unit accepted")
	}
}

func TestRSSOfThisProcess(t *testing.T) {
	got, err := RSS(os.Getpid())
	if err != nil || got <= 0 {
		t.Fatalf("RSS(self) = %d, %v", got, err)
	}
}

func TestGatewayCommandAndConfig(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OPENCLAW_GATEWAY_TOKEN", "from-env")
	t.Setenv("GATEWIRE_STATE_DIR", "/elsewhere")
	cmd, err := Gateway{Binary: "bin/gatewire", Token: "tok", TickIntervalMs: 1500}.Command(4242, dir)
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	want := []string{"bin/gatewire", "gateway", "--port", "4242", "--bind", "loopback", "--token", "tok", "--state-dir", state}
	if strings.Join(cmd.Args, " ") != strings.Join(want, " ") {
		t.Fatalf("args = %v, want %v", cmd.Args, want)
	}
	for _, kv := range cmd.Env {
		if strings.HasPrefix(kv, "OPENCLAW_") || strings.HasPrefix(kv, "GATEWIRE_") {
			t.Fatalf("gateway environment keeps %s", kv)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(state, "gatewire.json"))
	if err != nil || !strings.Contains(string(cfg), "tickIntervalMs: 1500") {
		t.Fatalf("config = %q, %v", cfg, err)
	}
}

// TestTLSGatewayConfig: TLS and a tick interval share one gateway member
// (a repeated key is an error in the config file), and the process's URL
// is wss://.
func TestTLSGatewayConfig(t *testing.T) {
	dir := t.TempDir()
	g := Gateway{Binary: "bin/gatewire", Token: "tok", TickIntervalMs: 1500, TLS: true}
	if _, err := g.Command(4242, dir); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "state", "gatewire.json"))
	if err != nil || strings.Count(string(cfg), "gateway:") != 1 ||
		!strings.Contains(string(cfg), "gateway: { tickIntervalMs: 1500, tls: { enabled: true, autoGenerate: true } }") {
		t.Fatalf("config = %q, %v", cfg, err)
	}
	p := &Process{secure: g.Secure(), port: 4242}
	if p.URL() != "wss://127.0.0.1:4242" {
		t.Fatalf("URL = %s", p.URL())
	}
}

// sleeper launches a shell that ignores nothing and sleeps.
type sleeper struct{ script string }

func (sleeper) Name() string { return "sleeper" }
func (s sleeper) Command(int, string) (*exec.Cmd, error) {
	return exec.Command("sh", "-c", s.script), nil
}

func TestStartStopAndFailure(t *testing.T) {
	p, err := Start(sleeper{"exec sleep 30"}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if rss, err := p.RSS(); err != nil || rss <= 0 {
		t.Fatalf("RSS of child = %d, %v", rss, err)
	}
	if p.Failure() != nil {
		t.Fatal("running process reported as failed")
	}
	if _, clean := p.Stop(5 * time.Second); clean {
		t.Fatal("sleep killed by SIGTERM reported a clean exit")
	}

	crash, err := Start(sleeper{"echo boom; exit 3"}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	<-crash.Exited()
	if f := crash.Failure(); f == nil || !strings.Contains(f.Error(), "boom") {
		t.Fatalf("Failure = %v, want the log tail", f)
	}
}

func TestParseCPUTime(t *testing.T) {
	stat := "4242 (gate wire) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 13 0 1000 2000000 3000 18446744073709551615\n"
	got, err := parseCPUTime([]byte(stat))
	if err != nil || got != 3250*time.Millisecond {
		t.Fatalf("parseCPUTime = %v, %v; want 3.25s (250+75 ticks)", got, err)
	}
	if _, err := parseCPUTime([]byte("4242 (x) S 1 2")); err == nil {
		t.Fatal("short stat accepted")
	}
}

func TestCPUTimeOfThisProcessGrows(t *testing.T) {
	before, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for range 10_000 { // CPU time moves in 10 ms steps; burn until it does
		for i := 0; i < 1e6; i++ {
			_ = strings.Repeat("x", i%7)
		}
		after, err := CPUTime(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if after > before {
			return
		}
	}
	t.Fatalf("CPU time stayed at %v while the test burned CPU", before)
}
