package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newManager(t *testing.T, text string, over Overrides) *Manager {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gatewire.json")
	if text != "" {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Load(path, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewManager(f, over, func() (string, error) { return "generated-token", nil })
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestGeneratedTokenOnlyOnLoopbackWithoutToken(t *testing.T) {
	m := newManager(t, "", Overrides{})
	if got := m.Effective().Gateway.Auth.Token; got != "generated-token" {
		t.Fatalf("token = %q", got)
	}
	m = newManager(t, "{ gateway: { auth: { token: 'mine' } } }", Overrides{})
	if got := m.Effective().Gateway.Auth.Token; got != "mine" {
		t.Fatalf("token = %q", got)
	}
	m = newManager(t, "{ gateway: { auth: { mode: 'password', password: 'pw' } } }", Overrides{})
	if got := m.Effective().Gateway.Auth.Token; got != "" {
		t.Fatalf("password mode got a generated token %q", got)
	}
}

func TestNonLoopbackWithoutCredentialIsRefused(t *testing.T) {
	lan, none, empty := "lan", "none", ""
	cases := []Overrides{
		{Bind: &lan},
		{Bind: &lan, AuthMode: &none, Token: ptr("t")},
		{Bind: ptr("192.168.1.5"), AuthMode: ptr("password")},
		{Bind: &lan, Token: &empty},
	}
	for i, over := range cases {
		path := filepath.Join(t.TempDir(), "gatewire.json")
		f, _ := Load(path, false)
		_, err := NewManager(f, over, func() (string, error) { return "generated", nil })
		if !errors.Is(err, ErrExposed) {
			t.Errorf("case %d: err = %v, want ErrExposed", i, err)
		}
	}
	f, _ := Load(filepath.Join(t.TempDir(), "gatewire.json"), false)
	if _, err := NewManager(f, Overrides{Bind: &lan, Token: ptr("secret")}, nil); err != nil {
		t.Fatalf("lan with token refused: %v", err)
	}
	if _, err := NewManager(f, Overrides{Bind: ptr("127.0.0.2"), AuthMode: &none}, nil); err != nil {
		t.Fatalf("loopback address with auth none refused: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestSetRequiresMatchingBaseHashWhenFileExists(t *testing.T) {
	m := newManager(t, "{}\n", Overrides{})
	if _, err := m.Set("{ gateway: { port: 20001 } }", "", nil); !errors.Is(err, ErrBaseHashRequired) {
		t.Fatalf("err = %v", err)
	}
	if _, err := m.Set("{ gateway: { port: 20001 } }", HashRaw("other"), nil); !errors.Is(err, ErrBaseHashMismatch) {
		t.Fatalf("err = %v", err)
	}
	var changes []Change
	m.Subscribe(func(c Change) { changes = append(changes, c) })
	res, err := m.Set("{ gateway: { port: 20001 }, logging: { level: 'debug' } }", HashRaw("{}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Restart, ",") != "gateway.port" || len(changes) != 1 || !changes[0].Has("logging.level") {
		t.Fatalf("restart=%v changes=%+v", res.Restart, changes)
	}
	info, err := os.Stat(m.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v %v", info, err)
	}
	if m.Effective().Logging.Level != "debug" {
		t.Fatal("safe key not applied")
	}
}

func TestSetWithoutFileNeedsNoBaseHash(t *testing.T) {
	m := newManager(t, "", Overrides{})
	if _, err := m.Set("{ heartbeat: { enabled: false } }", "", nil); err != nil {
		t.Fatal(err)
	}
	if m.Effective().Heartbeat.Enabled {
		t.Fatal("not applied")
	}
}

func TestInvalidOrExposingWriteLeavesFileUntouched(t *testing.T) {
	const text = "{ gateway: { auth: { token: 'secret' } } }"
	m := newManager(t, text, Overrides{})
	base := HashRaw(text)
	for _, raw := range []string{
		"{ gateway: { port: 'x' } }",
		"{ gateway: { bind: 'lan' } }",
		"{ gateway: { bind: 'lan', auth: { mode: 'none' } } }",
		"not json5 {",
	} {
		if _, err := m.Set(raw, base, nil); !errors.Is(err, ErrInvalid) {
			t.Errorf("Set(%q) err = %v, want ErrInvalid", raw, err)
		}
	}
	if _, err := m.Patch("{ gateway: { auth: { token: null } , bind: 'lan'} }", base, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("patch removing the token on lan: %v", err)
	}
	data, _ := os.ReadFile(m.Path())
	if string(data) != text {
		t.Fatalf("file changed to %q", data)
	}
}

func TestPatchMergesAndKeepsRedactedSecrets(t *testing.T) {
	const text = "{ gateway: { auth: { token: 'secret' } }, voicewake: { triggers: ['a'] } }"
	m := newManager(t, text, Overrides{})
	res, err := m.Patch("{ gateway: { auth: { token: '"+Redacted+"' } }, voicewake: { triggers: ['b', 'c'] } }", HashRaw(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	eff := m.Effective()
	if eff.Gateway.Auth.Token != "secret" || strings.Join(eff.Voicewake.Triggers, ",") != "b,c" {
		t.Fatalf("effective = %+v", eff)
	}
	if lookup(res.Doc, []string{"gateway", "auth", "token"}) != Redacted {
		t.Fatalf("result not redacted: %v", res.Doc)
	}
	_, err = m.Patch("{ gateway: { auth: { password: '"+Redacted+"' } } }", m.File().Hash(), nil)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "gateway.auth.password is "+Redacted+" but there is no current value") {
		t.Fatalf("placeholder for a secret that is not set: %v", err)
	}
}

func TestSnapshotRedactsAndReportsIssues(t *testing.T) {
	const text = "{ gateway: { auth: { token: 'secret' } } }"
	m := newManager(t, text, Overrides{Port: ptr(20002)})
	s, err := m.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if !s.Exists || !s.Valid || s.Hash != HashRaw(text) || s.Raw == nil || strings.Contains(*s.Raw, "secret") {
		t.Fatalf("snapshot = %+v", s)
	}
	if len(s.Warnings) != 1 || s.Warnings[0].Key != "gateway.port" {
		t.Fatalf("warnings = %+v", s.Warnings)
	}
	if err := os.WriteFile(m.Path(), []byte("{ gateway: { port: -1 } }"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = m.Snapshot()
	if err != nil || s.Valid || len(s.Issues) != 1 || s.Issues[0].Key != "gateway.port" {
		t.Fatalf("snapshot of invalid file = %+v, %v", s, err)
	}
}

func TestReloadAppliesValidAndKeepsRunningOnInvalid(t *testing.T) {
	m := newManager(t, "{}", Overrides{Token: ptr("flag-token")})
	if err := os.WriteFile(m.Path(), []byte("{ gateway: { auth: { token: 'file' } }, logging: { level: 'warn' } }"), 0o600); err != nil {
		t.Fatal(err)
	}
	ch, err := m.Reload()
	if err != nil || !ch.Has("logging.level") || ch.Has("gateway.auth.token") {
		t.Fatalf("change = %+v, %v", ch, err)
	}
	if m.Effective().Gateway.Auth.Token != "flag-token" {
		t.Fatal("flag lost its precedence on reload")
	}
	if err := os.WriteFile(m.Path(), []byte("{ logging: { level: 5 } }"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Reload(); err == nil || m.Effective().Logging.Level != "warn" {
		t.Fatalf("invalid reload: err=%v level=%s", err, m.Effective().Logging.Level)
	}
	os.Remove(m.Path())
	if _, err := m.Reload(); !errors.Is(err, ErrRemoved) {
		t.Fatalf("removed file: %v", err)
	}
}

func TestEnvOverridesPrecedence(t *testing.T) {
	env := map[string]string{"GATEWIRE_PORT": "1234", "OPENCLAW_GATEWAY_PORT": "999", "OPENCLAW_GATEWAY_TOKEN": "oc"}
	o, err := EnvOverrides(func(k string) string { return env[k] })
	if err != nil || *o.Port != 1234 || *o.Token != "oc" || o.Password != nil {
		t.Fatalf("o=%+v err=%v", o, err)
	}
	flags := Overrides{Port: ptr(4321)}
	merged := flags.Over(o)
	if *merged.Port != 4321 || *merged.Token != "oc" {
		t.Fatalf("merged = %+v", merged)
	}
	c := merged.Apply(Defaults())
	if c.Gateway.Port != 4321 || c.Gateway.Auth.Token != "oc" {
		t.Fatalf("applied = %+v", c.Gateway)
	}
	for k, v := range map[string]string{"GATEWIRE_PORT": "x", "OPENCLAW_GATEWAY_PORT": "70000", "GATEWIRE_AUTH_MODE": "magic", "GATEWIRE_BIND": "nowhere", "OPENCLAW_GATEWAY_TOKEN": Redacted} {
		_, err := EnvOverrides(func(n string) string { return map[string]string{k: v}[n] })
		if err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("%s=%s: err = %v", k, v, err)
		}
	}
}

func TestDefaultPortYieldsToFileAndOverrides(t *testing.T) {
	dev := ptr(DefaultDevPort)
	if got := newManager(t, "", Overrides{DefaultPort: dev}).Effective().Gateway.Port; got != DefaultDevPort {
		t.Fatalf("dev default = %d", got)
	}
	if got := newManager(t, "{ gateway: { port: 20003 } }", Overrides{DefaultPort: dev}).Effective().Gateway.Port; got != 20003 {
		t.Fatalf("file port = %d", got)
	}
	if got := newManager(t, "", Overrides{DefaultPort: dev, Port: ptr(20004)}).Effective().Gateway.Port; got != 20004 {
		t.Fatalf("override port = %d", got)
	}
}
