package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/service/servicetest"
)

func TestRenderedUnitPassesSystemdAnalyzeVerify(t *testing.T) {
	// An executable under a path with a space and a percent sign, an
	// argument with a quote: each must survive systemd's quoting and
	// specifier rules.
	dir := filepath.Join(t.TempDir(), `odd dir 100%`)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "gatewire")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	u := Unit{Description: "gatewire gateway (profile ops) 100%", Exec: []string{exe, "gateway", "--state-dir", dir + `/"state"`},
		Env: map[string]string{EnvMarker: "gatewire-gateway-ops.service", "PATH": "/usr/local/bin:/usr/bin:/bin"}}
	text, err := u.Render()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Restart=always", "WantedBy=default.target", `"GATEWIRE_SERVICE=gatewire-gateway-ops.service"`,
		`100%%/gatewire" "gateway"`, `100%%/\"state\""`, "Description=gatewire gateway (profile ops) 100%%"} {
		if !strings.Contains(text, want) {
			t.Errorf("unit lacks %q:\n%s", want, text)
		}
	}
	path := filepath.Join(t.TempDir(), "gatewire-gateway-ops.service")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	servicetest.Verify(t, path)

	// verify itself fails on a unit systemd would not run as written.
	bad := filepath.Join(t.TempDir(), "gatewire-gateway.service")
	broken := strings.Replace(text, "Restart=always", "Restart=alwayss", 1)
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	if complaints := servicetest.Analyze(t, bad); !strings.Contains(complaints, "alwayss") {
		t.Fatalf("systemd-analyze accepted a bad Restart= value: %q", complaints)
	}
}

func TestUnitRefusesWhatCannotBeWritten(t *testing.T) {
	for _, u := range []Unit{
		{},
		{Exec: []string{"/bin/gatewire", "a\nExecStartPre=/bin/evil"}},
		{Exec: []string{`/opt/"x"/gatewire`}},
		{Exec: []string{"/bin/gatewire"}, Description: "two\nlines"},
		{Exec: []string{"/bin/gatewire"}, Env: map[string]string{"A=B": "c"}},
		{Exec: []string{"/bin/gatewire"}, Env: map[string]string{"A": "x\ny"}},
	} {
		if text, err := u.Render(); err == nil {
			t.Errorf("Render(%+v) = %q, want an error", u, text)
		}
	}
}

func TestParseProfile(t *testing.T) {
	for _, c := range []struct {
		name string
		dev  bool
		want Profile
		err  string
	}{
		{"", false, "", ""},
		{"", true, DevProfile, ""},
		{"dev", true, DevProfile, ""},
		{"ops", false, "ops", ""},
		{"ops", true, "", "cannot be combined"},
		{"default", false, "", "leave --profile out"},
		{"../x", false, "", "lower-case letters"},
		{"Ops", false, "", "lower-case letters"},
	} {
		got, err := ParseProfile(c.name, c.dev)
		if got != c.want || (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("ParseProfile(%q, %v) = %q, %v; want %q, %q", c.name, c.dev, got, err, c.want, c.err)
		}
	}
	if p := Profile("ops"); p.UnitName() != "gatewire-gateway-ops.service" || p.StateDirName() != ".gatewire-ops" || !p.NeedsOwnPort() {
		t.Errorf("profile ops: %s %s", p.UnitName(), p.StateDirName())
	}
	if p := Profile(""); p.UnitName() != "gatewire-gateway.service" || p.StateDirName() != ".gatewire" || p.DefaultPort() != 18789 {
		t.Errorf("default profile: %s %s", p.UnitName(), p.StateDirName())
	}
	if DevProfile.DefaultPort() != 19001 || DevProfile.NeedsOwnPort() {
		t.Error("dev profile port")
	}
}

func TestExecStartSplitsAsSystemdQuotes(t *testing.T) {
	u := Unit{Exec: []string{"/opt/odd dir 100%/gatewire", "gateway", "--state-dir", `/home/a "b"/$x`}}
	text, err := u.Render()
	if err != nil {
		t.Fatal(err)
	}
	got := ExecStart(text)
	if strings.Join(got, "|") != strings.Join(u.Exec, "|") {
		t.Fatalf("execStart = %q, want %q", got, u.Exec)
	}
}

func TestInstalledPortReadsTheUnitsPort(t *testing.T) {
	m := Manager{UnitDir: t.TempDir()}
	if m.InstalledPort("ops") != 0 {
		t.Fatal("a port without a unit")
	}
	text, err := Unit{Exec: []string{"/bin/gatewire", "gateway", "--profile", "ops", "--port", "19789"}}.Render()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(m.UnitPath("ops"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := m.InstalledPort("ops"); got != 19789 {
		t.Fatalf("InstalledPort = %d", got)
	}
}
