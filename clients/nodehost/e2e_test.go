package nodehost

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/hostexec"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// These tests run operator → gatewire gateway → node host → gateway →
// operator over real sockets on loopback.

func TestHostDeclaresItsCommandsAndIsListed(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "build-box", "")
	n := waitConnected(t, operator(t, g), h.id, true)
	want := []string{"system.notify", "system.run", "system.run.prepare", "system.which"}
	if !slices.Equal(n.Commands, want) || !slices.Equal(n.Caps, []string{"system"}) || deref((*string)(n.ClientID)) != "node-host" ||
		deref(n.DisplayName) != "build-box" || !n.Paired {
		t.Fatalf("listed node = %+v", n)
	}
	if _, err := os.Stat(filepath.Join(h.dir, "identity", "device.json")); err != nil {
		t.Fatalf("device identity not persisted: %v", err)
	}
}

func TestWhichFindsBinariesOnPath(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", "")
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	raw := payload(t, invoke(op, h.id, "system.which",
		map[string]any{"bins": []string{"sh", " ", "no-such-binary-xyz", "/bin/sh", "ls"}}))
	got := decode[struct{ Bins map[string]string }](t, raw)
	if len(got.Bins) != 2 || !filepath.IsAbs(got.Bins["sh"]) || !strings.HasPrefix(string(raw), `{"bins":{"sh":`) {
		t.Fatalf("which = %s", raw)
	}
	nodeError(t, invoke(op, h.id, "system.which", map[string]any{}), "INVALID_REQUEST", "Error: INVALID_REQUEST: bins required")
	nodeError(t, invoke(op, h.id, "system.which", nil), "INVALID_REQUEST", "Error: INVALID_REQUEST: paramsJSON required")
}

func TestPrepareReturnsTheCanonicalPlan(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", "")
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	cwd := t.TempDir()
	cwd, _ = filepath.EvalSymlinks(cwd)
	plan := decode[prepareResult](t, payload(t, invoke(op, h.id, "system.run.prepare",
		map[string]any{"command": []string{"sh", "-c", "echo hi | wc -c"}, "cwd": cwd, "agentId": "main"}))).Plan
	if !slices.Equal(plan.Argv, []string{"sh", "-c", "echo hi | wc -c"}) || deref(plan.Cwd) != cwd ||
		plan.CommandText != `sh -c "echo hi | wc -c"` || deref(plan.CommandPreview.Value) != "echo hi | wc -c" ||
		deref(plan.AgentID) != "main" || plan.SessionKey != nil {
		t.Fatalf("shell plan = %+v", plan)
	}
	plan = decode[prepareResult](t, payload(t, invoke(op, h.id, "system.run.prepare",
		map[string]any{"command": []string{"sh", "a b"}}))).Plan
	if !filepath.IsAbs(plan.Argv[0]) || plan.CommandText != plan.Argv[0]+` "a b"` || plan.Cwd != nil || plan.CommandPreview.Value != nil {
		t.Fatalf("plan = %+v", plan)
	}
	nodeError(t, invoke(op, h.id, "system.run.prepare", map[string]any{}), "INVALID_REQUEST", "command required")
	nodeError(t, invoke(op, h.id, "system.run.prepare", map[string]any{"command": []string{"ls"}, "rawCommand": "echo hi"}),
		"INVALID_REQUEST", "INVALID_REQUEST: rawCommand does not match command")
	nodeError(t, invoke(op, h.id, "system.run.prepare", map[string]any{"command": []string{"ls"}, "cwd": filepath.Join(cwd, "gone")}),
		"INVALID_REQUEST", "SYSTEM_RUN_DENIED: approval requires an existing canonical cwd")
}

func TestRunIsRefusedByTheDefaultPolicy(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", "")
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	nodeError(t, invoke(op, h.id, "system.run", map[string]any{"command": []string{"echo", "hi"}}),
		"UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
	if _, err := os.Stat(filepath.Join(h.dir, "exec-approvals.json")); err != nil {
		t.Fatalf("policy file not created: %v", err)
	}
}

func TestRunWithFullSecurity(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", fullPolicy)
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	cwd, _ := filepath.EvalSymlinks(t.TempDir())

	res := decode[runResult](t, payload(t, invoke(op, h.id, "system.run", map[string]any{
		"command": []string{"sh", "-c", `pwd; echo "$GREETING"; echo oops >&2; exit 3`}, "cwd": cwd,
		"env": map[string]any{"GREETING": "hello"}})))
	if res.ExitCode == nil || *res.ExitCode != 3 || res.Success || res.TimedOut || res.Error != nil ||
		res.Stdout != cwd+"\nhello\n" || res.Stderr != "oops\n" {
		t.Fatalf("run = %+v", res)
	}
	res = decode[runResult](t, payload(t, invoke(op, h.id, "system.run",
		map[string]any{"command": []string{"sleep", "30"}, "timeoutMs": 200})))
	if !res.TimedOut || res.ExitCode != nil || res.Success {
		t.Fatalf("timed out run = %+v", res)
	}
	res = decode[runResult](t, payload(t, invoke(op, h.id, "system.run",
		map[string]any{"command": []string{"/no/such/binary"}})))
	if deref(res.Error) != "spawn /no/such/binary ENOENT" || res.Success || res.ExitCode != nil {
		t.Fatalf("missing binary run = %+v", res)
	}
	res = decode[runResult](t, payload(t, invoke(op, h.id, "system.run",
		map[string]any{"command": []string{"head", "-c", "300000", "/dev/zero"}})))
	if len(res.Stdout) != hostexec.OutputCap || !res.Success {
		t.Fatalf("capped run: %d bytes of stdout, %+v", len(res.Stdout), res.Error)
	}
	nodeError(t, invoke(op, h.id, "system.run", map[string]any{"command": []string{"true"},
		"env": map[string]any{"PATH": "/x", "LD_PRELOAD": "x", "ok": "1", "bad key": "1"}}),
		"INVALID_REQUEST", "SYSTEM_RUN_DENIED: environment override rejected (blocked override keys: LD_PRELOAD, PATH; invalid non-portable override keys: bad key)")
	nodeError(t, invoke(op, h.id, "system.run", map[string]any{"command": []string{}}), "INVALID_REQUEST", "command required")
}

func TestRunNeverGoesThroughAShell(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", fullPolicy)
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	res := decode[runResult](t, payload(t, invoke(op, h.id, "system.run",
		map[string]any{"command": []string{"echo", "$HOME", ";", "touch", "x"}})))
	if res.Stdout != "$HOME ; touch x\n" {
		t.Fatalf("argv was interpreted: %q", res.Stdout)
	}
}

func TestDenyPolicyAndAllowlist(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", `{"version":1,"defaults":{"security":"deny"}}`)
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	nodeError(t, invoke(op, h.id, "system.run", map[string]any{"command": []string{"true"}}),
		"UNAVAILABLE", "SYSTEM_RUN_DISABLED: security=deny")

	sh, echo := hostexec.LookPath("sh"), hostexec.LookPath("echo")
	h2 := startHost(t, g.URL, g.Token, "n2", `{"version":1,"defaults":{"security":"allowlist","ask":"off"},
		"agents":{"main":{"allowlist":[{"pattern":"`+sh+`"},{"pattern":"`+echo+`"}]}}}`)
	waitConnected(t, op, h2.id, true)
	res := decode[runResult](t, payload(t, invoke(op, h2.id, "system.run", map[string]any{"command": []string{"echo", "ok"}})))
	if res.Stdout != "ok\n" {
		t.Fatalf("allowlisted run = %+v", res)
	}
	nodeError(t, invoke(op, h2.id, "system.run", map[string]any{"command": []string{"true"}}),
		"UNAVAILABLE", "SYSTEM_RUN_DENIED: allowlist miss")
	// An allowlisted shell does not trust the scripts it would run.
	nodeError(t, invoke(op, h2.id, "system.run", map[string]any{"command": []string{"sh", "-c", "echo ok"}}),
		"UNAVAILABLE", "SYSTEM_RUN_DENIED: allowlist miss")
	raw, _ := os.ReadFile(filepath.Join(h2.dir, "exec-approvals.json"))
	if !strings.Contains(string(raw), `"lastUsedCommand": "echo ok"`) {
		t.Fatalf("use not recorded: %s", raw)
	}
}

func TestNotifyLogsWithoutADesktop(t *testing.T) {
	checkLeaks(t)
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", "")
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	got := decode[notifyResult](t, payload(t, invoke(op, h.id, "system.notify", map[string]any{"title": "build", "body": "done"})))
	if !got.OK || got.Delivered != "log" {
		t.Fatalf("notify = %+v", got)
	}
	nodeError(t, invoke(op, h.id, "system.notify", map[string]any{}), "INVALID_REQUEST", "title or body required")
}

// Bad params get an error answer and never take the host down: after
// each the host still answers.
func TestBadParamsAreAnsweredAndTheHostCarriesOn(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", fullPolicy)
	op := operator(t, g)
	waitConnected(t, op, h.id, true)
	bad := []struct {
		command string
		params  any
	}{
		{"system.run", map[string]any{"command": []any{1, true}}},
		{"system.run", map[string]any{"command": []string{""}}},
		{"system.run", map[string]any{"command": "echo hi"}},
		{"system.run", map[string]any{"command": []string{"true"}, "env": map[string]any{"A": 1}, "timeoutMs": -5, "cwd": ""}},
		{"system.run", map[string]any{"command": []string{"true"}, "systemRunPlan": map[string]any{"argv": []string{}}, "approved": true}},
		{"system.run", []int{1, 2}},
		{"system.run.prepare", map[string]any{"command": []any{nil}}},
		{"system.which", map[string]any{"bins": "sh"}},
		{"system.notify", map[string]any{"title": 5}},
		{"system.execApprovals.set", map[string]any{"file": "nope"}},
	}
	for _, b := range bad {
		f := invoke(op, h.id, b.command, b.params)
		if f.Error != nil && f.Error.Code != "UNAVAILABLE" && f.Error.Code != "INVALID_REQUEST" {
			t.Fatalf("%s %v: %s", b.command, b.params, f.Raw)
		}
	}
	got := decode[struct{ Bins map[string]string }](t, payload(t, invoke(op, h.id, "system.which", map[string]any{"bins": []string{"sh"}})))
	if got.Bins["sh"] == "" {
		t.Fatalf("host stopped answering: %+v", got)
	}
}
