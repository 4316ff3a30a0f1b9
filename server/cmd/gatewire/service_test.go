package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/service/servicetest"
)

// serviceHost is a home directory with a stand-in systemd user manager.
type serviceHost struct {
	t    *testing.T
	sd   *servicetest.Systemd
	home string
	env  []string
}

func newServiceHost(t *testing.T) *serviceHost {
	sd := servicetest.New(t)
	home := t.TempDir()
	return &serviceHost{t: t, sd: sd, home: home, env: append(sd.Env(), "HOME="+home)}
}

// run runs gatewire to completion and returns its output and exit code.
func (h *serviceHost) run(args ...string) (stdout, stderr string, code int) {
	h.t.Helper()
	p := launchEnv(h.t, h.env, args...)
	code = p.exitCode(h.t, 60*time.Second)
	return p.stdout.String(), p.stderr.String(), code
}

// ok runs gatewire and fails the test unless it exits 0.
func (h *serviceHost) ok(args ...string) string {
	h.t.Helper()
	out, errOut, code := h.run(args...)
	if code != 0 {
		h.t.Fatalf("gatewire %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// status runs `gateway status --json` with extra flags.
func (h *serviceHost) status(extra ...string) (statusJSON, int) {
	h.t.Helper()
	out, errOut, code := h.run(append([]string{"gateway", "status", "--json", "--timeout", "5000"}, extra...)...)
	var s statusJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		h.t.Fatalf("gateway status --json: %v\n%s\n%s", err, out, errOut)
	}
	return s, code
}

// statusJSON is what the test reads of `gateway status --json`.
type statusJSON struct {
	URL          string `json:"url"`
	Reachable    bool   `json:"reachable"`
	Handshake    bool   `json:"handshake"`
	ConfigPath   string `json:"configPath"`
	StateDir     string `json:"stateDir"`
	LastLogError string `json:"lastLogError"`
	Service      struct {
		Available bool   `json:"available"`
		Problem   string `json:"problem"`
		Unit      string `json:"unit"`
		Installed bool   `json:"installed"`
		Enabled   string `json:"enabled"`
		Active    string `json:"active"`
		PID       int    `json:"pid"`
		Since     string `json:"since"`
		Install   string `json:"install"`
	} `json:"service"`
}

// waitServed polls GET /health on port until the unit's gateway answers.
func (h *serviceHost) waitServed(port int, unit string) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatalf("the unit's gateway is not serving on %d; its output:\n%s", port, h.sd.Output(unit))
}

func TestGatewayServiceInstallStatusStopUninstall(t *testing.T) {
	h := newServiceHost(t)
	port := freePort(t)
	const unit = "gatewire-gateway.service"
	out := h.ok("gateway", "install", "--port", strconv.Itoa(port))
	for _, want := range []string{"Installed systemd service", "Started " + unit, "ws://127.0.0.1:" + strconv.Itoa(port)} {
		if !strings.Contains(out, want) {
			t.Errorf("install output lacks %q:\n%s", want, out)
		}
	}
	if u, err := user.Current(); err == nil {
		if _, err := os.Stat(filepath.Join("/var/lib/systemd/linger", u.Username)); os.IsNotExist(err) && !strings.Contains(out, "sudo loginctl enable-linger "+u.Username) {
			t.Errorf("install output lacks the linger hint:\n%s", out)
		}
	}
	if want := []string{"--user show-environment", "--user daemon-reload", "--user enable " + unit, "--user restart " + unit}; !slices.Equal(h.sd.Calls(t), want) {
		t.Fatalf("systemctl calls = %q, want %q", h.sd.Calls(t), want)
	}
	unitPath := filepath.Join(h.home, ".config", "systemd", "user", unit)
	text, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Restart=always", `"--state-dir" "` + filepath.Join(h.home, ".gatewire") + `"`, `"` + binary + `" "gateway"`} {
		if !strings.Contains(string(text), want) {
			t.Errorf("unit lacks %q:\n%s", want, text)
		}
	}
	servicetest.Verify(t, unitPath) // the installed unit, for real

	// The port went to the new config file, where clients read it; the
	// gateway the unit started serves there, with a token that the unit
	// file does not hold.
	h.waitServed(port, unit)
	token, err := os.ReadFile(filepath.Join(h.home, ".gatewire", "gateway.token"))
	if err != nil || len(strings.TrimSpace(string(token))) < 32 {
		t.Fatalf("gateway token: %q %v", token, err)
	}
	if strings.Contains(string(text), strings.TrimSpace(string(token))) {
		t.Fatal("the unit file holds the gateway token")
	}
	s, code := h.status()
	if code != 0 || !s.Service.Available || !s.Service.Installed || s.Service.Active != "active" || s.Service.Enabled != "enabled" ||
		s.Service.PID != h.sd.PID(unit) || s.Service.PID == 0 || s.Service.Since == "" || !s.Reachable || !s.Handshake ||
		s.URL != "ws://127.0.0.1:"+strconv.Itoa(port) || s.ConfigPath != filepath.Join(h.home, ".gatewire", "gatewire.json") {
		t.Fatalf("status after install (exit %d): %+v", code, s)
	}
	human := h.ok("gateway", "status")
	for _, want := range []string{"service:", unit + ", enabled", "service state:", "active (running) since", "reachable:", "handshake:"} {
		if !strings.Contains(human, want) {
			t.Errorf("status lacks %q:\n%s", want, human)
		}
	}

	// A second install needs --force.
	if _, errOut, code := h.run("gateway", "install", "--port", strconv.Itoa(port)); code == 0 || !strings.Contains(errOut, "already installed (reinstall with --force)") {
		t.Fatalf("second install: exit %d, %s", code, errOut)
	}
	h.ok("gateway", "install", "--force")
	h.waitServed(port, unit)

	// Stopped: the supervisor's view and a closed port.
	var stopped struct{ Action, Unit, Path string }
	if err := json.Unmarshal([]byte(h.ok("gateway", "stop", "--json")), &stopped); err != nil || stopped.Action != "stop" ||
		stopped.Unit != unit || stopped.Path != unitPath {
		t.Fatalf("stop --json: %+v %v", stopped, err)
	}
	s, code = h.status()
	if code == 0 || s.Service.Active != "inactive" || !s.Service.Installed || s.Reachable {
		t.Fatalf("status after stop (exit %d): %+v", code, s)
	}

	// A start that fails (the port is taken) leaves its reason in the log,
	// which status shows once the port is closed.
	blocker, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	h.ok("gateway", "start")
	logFile := filepath.Join(h.home, ".gatewire", "logs", "gatewire.log")
	deadline := time.Now().Add(15 * time.Second)
	for data, _ := os.ReadFile(logFile); !strings.Contains(string(data), "gateway failed to start"); data, _ = os.ReadFile(logFile) {
		if time.Now().After(deadline) {
			t.Fatalf("no start failure in the log:\n%s\nunit output:\n%s", data, h.sd.Output(unit))
		}
		time.Sleep(20 * time.Millisecond)
	}
	blocker.Close()
	s, _ = h.status()
	if !strings.Contains(s.LastLogError, "gateway failed to start") || !strings.Contains(s.LastLogError, strconv.Itoa(port)) {
		t.Fatalf("lastLogError = %q", s.LastLogError)
	}
	human, _, _ = h.run("gateway", "status")
	if !strings.Contains(human, "last log error:") {
		t.Fatalf("status lacks the log's error line:\n%s", human)
	}

	// Restart brings it back; uninstall stops it and removes the unit.
	h.ok("gateway", "restart")
	h.waitServed(port, unit)
	pid := h.sd.PID(unit)
	h.ok("gateway", "uninstall")
	if _, err := os.Stat(unitPath); !os.IsNotExist(err) {
		t.Fatalf("unit file after uninstall: %v", err)
	}
	if calls := h.sd.Calls(t); !slices.Contains(calls, "--user disable --now "+unit) {
		t.Fatalf("uninstall did not disable --now: %q", calls)
	}
	if _, err := os.Stat(filepath.Join("/proc", strconv.Itoa(pid), "cwd")); err == nil && processAlive(pid) {
		t.Fatalf("gateway %d still running after uninstall", pid)
	}
	s, _ = h.status()
	if s.Service.Installed || s.Service.Install != "gatewire gateway install" {
		t.Fatalf("status after uninstall: %+v", s)
	}
	if _, errOut, code := h.run("gateway", "start"); code == 0 || !strings.Contains(errOut, "not installed") || !strings.Contains(errOut, "gatewire gateway install") {
		t.Fatalf("start after uninstall: exit %d, %s", code, errOut)
	}
}

// processAlive reports whether pid runs (a zombie does not).
func processAlive(pid int) bool {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(data), ") ")
	return !strings.HasPrefix(rest, "Z")
}

func TestGatewayServiceProfiles(t *testing.T) {
	h := newServiceHost(t)
	// A named profile needs its own port.
	if _, errOut, code := h.run("gateway", "install", "--profile", "ops"); code == 0 || !strings.Contains(errOut, "--profile ops --port <port>") {
		t.Fatalf("install --profile ops without a port: exit %d, %s", code, errOut)
	}
	port := freePort(t)
	const unit = "gatewire-gateway-ops.service"
	h.ok("gateway", "install", "--profile", "ops", "--port", strconv.Itoa(port))
	unitPath := filepath.Join(h.home, ".config", "systemd", "user", unit)
	text, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), `"--state-dir" "`+filepath.Join(h.home, ".gatewire-ops")+`" "--profile" "ops"`) {
		t.Fatalf("unit:\n%s", text)
	}
	servicetest.Verify(t, unitPath)
	h.waitServed(port, unit)
	s, code := h.status("--profile", "ops")
	if code != 0 || s.Service.Unit != unit || s.Service.Active != "active" || s.URL != "ws://127.0.0.1:"+strconv.Itoa(port) ||
		s.StateDir != filepath.Join(h.home, ".gatewire-ops") || !s.Handshake {
		t.Fatalf("status --profile ops (exit %d): %+v", code, s)
	}
	// The default profile is another unit, not installed.
	if s, _ := h.status("--no-probe"); s.Service.Unit != "gatewire-gateway.service" || s.Service.Installed {
		t.Fatalf("default profile: %+v", s.Service)
	}

	// A profile whose config file exists keeps it as it is: the port goes
	// on the unit's command line, where status (and doctor) read it.
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	edgeDir := filepath.Join(h.home, ".gatewire-edge")
	must(os.MkdirAll(edgeDir, 0o700))
	must(os.WriteFile(filepath.Join(edgeDir, "gatewire.json"), []byte("// mine\n{ logging: { level: \"info\" } }\n"), 0o600))
	edgePort := freePort(t)
	out := h.ok("gateway", "install", "--profile", "edge", "--port", strconv.Itoa(edgePort))
	if !strings.Contains(out, "set gateway.port: "+strconv.Itoa(edgePort)) {
		t.Errorf("install into an existing config: no note:\n%s", out)
	}
	if cfg, _ := os.ReadFile(filepath.Join(edgeDir, "gatewire.json")); !strings.HasPrefix(string(cfg), "// mine") {
		t.Fatalf("install rewrote the config file: %s", cfg)
	}
	h.waitServed(edgePort, "gatewire-gateway-edge.service")
	if s, code := h.status("--profile", "edge"); code != 0 || s.URL != "ws://127.0.0.1:"+strconv.Itoa(edgePort) || !s.Handshake {
		t.Fatalf("status --profile edge (exit %d): %+v", code, s)
	}
	doc := h.ok("doctor", "--profile", "edge")
	if !strings.Contains(doc, "a gatewire gateway") || !strings.Contains(doc, "gatewire-gateway-edge.service is active") {
		t.Fatalf("doctor --profile edge:\n%s", doc)
	}

	// --dev is the profile dev.
	devPort := freePort(t)
	h.ok("gateway", "install", "--dev", "--port", strconv.Itoa(devPort))
	h.waitServed(devPort, "gatewire-gateway-dev.service")
	if s, code := h.status("--dev"); code != 0 || s.Service.Unit != "gatewire-gateway-dev.service" || s.StateDir != filepath.Join(h.home, ".gatewire-dev") {
		t.Fatalf("status --dev (exit %d): %+v", code, s)
	}
	if _, errOut, code := h.run("gateway", "install", "--dev", "--profile", "ops"); code == 0 || !strings.Contains(errOut, "cannot be combined") {
		t.Fatalf("--dev --profile ops: exit %d, %s", code, errOut)
	}
}

func TestGatewayServiceWithoutSystemd(t *testing.T) {
	h := newServiceHost(t)
	h.sd.NoBus(t)
	_, errOut, code := h.run("gateway", "install", "--port", strconv.Itoa(freePort(t)))
	if code == 0 || !strings.Contains(errOut, "systemd user services are not available") || !strings.Contains(errOut, "`gatewire gateway`") {
		t.Fatalf("install without systemd: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(h.home, ".config", "systemd")); !os.IsNotExist(err) {
		t.Fatalf("install wrote a unit without systemd: %v", err)
	}
	s, _ := h.status("--no-probe")
	if s.Service.Available || !strings.Contains(s.Service.Problem, "not available") {
		t.Fatalf("status without systemd: %+v", s.Service)
	}

	// No systemctl at all.
	h.env = append(h.env, "PATH="+t.TempDir())
	if _, errOut, code := h.run("gateway", "stop"); code == 0 || !strings.Contains(errOut, "systemctl is not installed") {
		t.Fatalf("stop without systemctl: exit %d, %s", code, errOut)
	}
}
