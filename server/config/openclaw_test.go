package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// openClawFile is a config file the real OpenClaw CLI (2026.5.7) wrote
// with `openclaw config set`: gateway keys gatewire implements, and
// channels, agents, models.mode, meta… that it does not.
func openClawFile(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "openclaw.json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestOpenClawFileLoadsAndListsWhatIsNotImplemented(t *testing.T) {
	f, err := Load(writeFile(t, openClawFile(t)), true)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Config
	if c.Gateway.Port != 18789 || c.Gateway.Auth.Token != "0123456789abcdef0123456789abcdef" || AuthMode(c) != AuthToken || c.Gateway.Bind != BindLoopback {
		t.Fatalf("implemented keys not used: %+v", c.Gateway)
	}
	want := []string{
		"channels.telegram", "commands", "discovery.mdns", "gateway.mode", "gateway.tailscale",
		"meta.lastTouchedAt", "meta.lastTouchedVersion", "update.checkOnStart",
	}
	if !slices.Equal(f.NotImplemented, want) {
		t.Fatalf("not implemented = %q\nwant %q", f.NotImplemented, want)
	}
	// The Telegram bot token is OpenClaw's secret: never shown.
	if raw := RedactRaw(f.Raw, f.Doc); strings.Contains(raw, "123456:ABCdef") || !strings.Contains(raw, Redacted) {
		t.Fatalf("redacted text:\n%s", raw)
	}
}

func TestOpenClawKeysBelowImplementedObjectsAreAccepted(t *testing.T) {
	text := `{
  gateway: { port: 20001, controlUi: { allowedOrigins: ["https://ui.example"], allowInsecureAuth: true },
             auth: { token: "t", rateLimit: { maxAttempts: 5, exemptLoopback: true } } },
  models: { catalog: [ { id: "m", name: "M", provider: "p" } ], providers: { openai: { baseUrl: "http://127.0.0.1:1/v1", apiKey: "sk-secret", models: [], authHeader: true } } },
}`
	f, err := Parse("x.json", text)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gateway.auth.rateLimit.exemptLoopback", "gateway.controlUi.allowInsecureAuth", "models.providers.openai.authHeader"}
	if !slices.Equal(f.NotImplemented, want) {
		t.Fatalf("not implemented = %q, want %q", f.NotImplemented, want)
	}
	if f.Config.Gateway.Port != 20001 || f.Config.Gateway.Auth.RateLimit.MaxAttempts != 5 || len(f.Config.Models.Catalog) != 1 {
		t.Fatalf("implemented keys not used: %+v", f.Config)
	}
	// Provider API keys are secrets, redacted wherever the config is shown.
	if got := lookup(RedactDoc(f.Doc), []string{"models", "providers", "openai", "apiKey"}); got != Redacted {
		t.Fatalf("OpenClaw secret shown: %v", got)
	}
	if strings.Contains(RedactRaw(f.Raw, f.Doc), "sk-secret") {
		t.Fatal("OpenClaw secret left in the redacted text")
	}
}

func TestTyposAreStillFatalWithFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"beside OpenClaw keys", "{\n  gateway: { mode: 'local' },\n  agents: {\n    defaults: {\n      modle: 'x'\n    }\n  }\n}", []string{"line 5", "agents.defaults.modle", "unknown key"}},
		{"in a gatewire object", "{\n  gateway: {\n    prot: 1\n  }\n}", []string{"line 3", "gateway.prot", "unknown key"}},
		{"top level", "{\n  gatway: {}\n}", []string{"line 2", "gatway", "unknown key"}},
		{"in a gatewire-only object", "{\n  gateway: { nodes: { commands: {\n    alow: ['x'] } } }\n}", []string{"line 3", "gateway.nodes.commands.alow", "unknown key"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectLoadError(t, tc.text, tc.want)
		})
	}
}

func TestUnsupportedValuesOfImplementedKeysAreFatal(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"bind tailnet", "{\n  gateway: {\n    bind: 'tailnet' } }", []string{"line 3", "gateway.bind", `"tailnet" is an OpenClaw bind mode gatewire does not support`}},
		{"auth trusted-proxy", "{ gateway: { auth: {\n mode: 'trusted-proxy' } } }", []string{"line 2", "gateway.auth.mode", `"trusted-proxy" is not supported by gatewire; use one of "none", "token", "password"`}},
		{"log level trace", "{ logging: { level: 'trace' } }", []string{"logging.level", `"trace" is not supported by gatewire`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.text)
			_, err := Load(path, true)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range append(tc.want, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestGatewireOnlyKeysStayValid(t *testing.T) {
	f, err := Parse("x.json", `{ models: { catalog: [] }, heartbeat: { enabled: false }, voicewake: { triggers: ["hey"] } }`)
	if err != nil || len(f.NotImplemented) != 0 || f.Config.Heartbeat.Enabled {
		t.Fatalf("f=%+v err=%v", f, err)
	}
}

func TestOpenClawKeyDataNamesBothVersions(t *testing.T) {
	d := openClawKeys()
	if !slices.Contains(d.versions, "2026.5.7") || !slices.Contains(d.versions, "2026.9.6") {
		t.Fatalf("versions = %q, want the union of 2026.5.7 and 2026.9.6", d.versions)
	}
	if d.root.children["channels"] == nil || d.root.children["gateway"].children["tailscale"] == nil {
		t.Fatal("key tree lacks channels or gateway.tailscale")
	}
}

func TestSnapshotWarnsAboutNotImplementedKeysAndWritesKeepThem(t *testing.T) {
	m := newManager(t, "{ gateway: { mode: 'local', auth: { token: 'secret' } }, agents: { defaults: { thinkingDefault: 'low' } } }", Overrides{})
	s, err := m.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, w := range s.Warnings {
		if strings.Contains(w.Message, "not implemented by gatewire") {
			keys = append(keys, w.Key)
		}
	}
	if !slices.Equal(keys, []string{"agents.defaults.thinkingDefault", "gateway.mode"}) {
		t.Fatalf("warnings = %+v", s.Warnings)
	}
	// A patch of such a file keeps the OpenClaw keys and still validates.
	if _, err := m.Patch(`{ logging: { level: "warn" } }`, s.Hash, nil); err != nil {
		t.Fatal(err)
	}
	if f := m.File(); !slices.Equal(f.NotImplemented, []string{"agents.defaults.thinkingDefault", "gateway.mode"}) || f.Config.Logging.Level != "warn" {
		t.Fatalf("after patch: %+v", f)
	}
}
