package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gatewire.json")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadMissingDefaultPathGivesDefaults(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "gatewire.json"), false)
	if err != nil {
		t.Fatal(err)
	}
	if f.Exists || f.Config.Gateway.Port != DefaultPort || !f.Config.Gateway.Pairing.AutoApproveLocal {
		t.Fatalf("got %+v", f)
	}
}

func TestLoadMissingExplicitPathIsFatal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	_, err := Load(path, true)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadJSON5WithCommentsAndDefaults(t *testing.T) {
	path := writeFile(t, `// gatewire
{
  gateway: { port: 20000, auth: { token: 'abc', }, pairing: { autoApproveLocal: false } },
  /* models */
  models: { catalog: [ { id: "m1", name: "Model One", provider: "p" } ] },
}`)
	f, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Config
	if c.Gateway.Port != 20000 || c.Gateway.Auth.Token != "abc" || c.Gateway.Pairing.AutoApproveLocal {
		t.Fatalf("gateway = %+v", c.Gateway)
	}
	if !c.Gateway.Nodes.Pairing.AutoApproveLocal || c.Gateway.Bind != BindLoopback || c.Heartbeat.EveryMs != 1_800_000 {
		t.Fatalf("defaults lost: %+v", c)
	}
	if len(c.Models.Catalog) != 1 || c.Models.Catalog[0].Name != "Model One" {
		t.Fatalf("catalog = %+v", c.Models.Catalog)
	}
}

func TestLoadErrorsNameFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"syntax", "{\n  gateway: {\n    port: 1,,\n  }\n}", []string{"line 3", "not valid JSON5"}},
		{"unknown key", "{\n  gateway: {\n    prot: 1\n  }\n}", []string{"line 3", "gateway.prot", "unknown key"}},
		{"wrong type", "{\n  gateway: {\n    port: 'x'\n  }\n}", []string{"line 3", "gateway.port", "must be integer"}},
		{"enum", "{\n\n  logging: { level: 'loud' }\n}", []string{"line 3", "logging.level", `"loud" is not supported by gatewire; use one of`}},
		{"bind", "{ gateway: { bind: 'somewhere' } }", []string{"line 1", "gateway.bind", "not \"loopback\""}},
		{"proxy", "{ gateway: { trustedProxies: ['10.0.0.0/8', 'proxy'] } }", []string{"gateway.trustedProxies[1]", "not an IP address or CIDR"}},
		{"origin", "{ gateway: { controlUi: { allowedOrigins: ['example.com'] } } }", []string{"gateway.controlUi.allowedOrigins[0]", "not an origin"}},
		{"origin the gateway refuses", "{ gateway: { controlUi: { allowedOrigins: ['*', 'ftp://ui.example'] } } }", []string{"gateway.controlUi.allowedOrigins[1]", "not an origin"}},
		{"control ui base path", "{ gateway: { controlUi: { basePath: '/ui/../x' } } }", []string{"gateway.controlUi.basePath", `"..`}},
		{"mapped proxy prefix", "{ gateway: { trustedProxies: ['::ffff:10.0.0.0/64'] } }", []string{"gateway.trustedProxies[0]", "IPv4-mapped"}},
		{"catalog", "{ models: { catalog: [ { id: 'a', name: 'b' } ] } }", []string{"models.catalog[0]", "provider"}},
		{"not object", "[1]", []string{"must be an object"}},
		{"empty", "  \n", []string{"empty"}},
		{"nan", "{ heartbeat: { everyMs: NaN } }", []string{"NaN"}},
		{"placeholder secret", "{\n  gateway: { auth: {\n    token: '" + Redacted + "' } }\n}", []string{"line 3", "gateway.auth.token", "placeholder config.get shows"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.text)
			_, err := Load(path, false)
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("err = %v, want *Error", err)
			}
			msg := err.Error()
			for _, w := range append(tc.want, path) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestParseKeepsDocumentOfInvalidFile(t *testing.T) {
	f, err := Parse("x.json", `{ gateway: { port: 0 } }`)
	if err == nil || f == nil || f.Doc["gateway"] == nil {
		t.Fatalf("f=%v err=%v", f, err)
	}
}

func TestHashIsSHA256OfRawText(t *testing.T) {
	if got := HashRaw(""); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("hash of empty = %s", got)
	}
	f, err := Parse("x.json", "{}\n")
	if err != nil || f.Hash() != HashRaw("{}\n") {
		t.Fatalf("hash %v %v", f, err)
	}
}

func TestLoadNodeCommandAdjustments(t *testing.T) {
	path := writeFile(t, `{ gateway: { nodes: { commands: { allow: ["camera.snap"], deny: ["system.run"] } } } }`)
	f, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	cmds := f.Config.Gateway.Nodes.Commands
	if len(cmds.Allow) != 1 || cmds.Allow[0] != "camera.snap" || len(cmds.Deny) != 1 || cmds.Deny[0] != "system.run" {
		t.Fatalf("commands = %+v", cmds)
	}
	bad := writeFile(t, `{ gateway: { nodes: { commands: { alow: ["x"] } } } }`)
	if _, err := Load(bad, true); err == nil || !strings.Contains(err.Error(), "alow") {
		t.Fatalf("a misspelt key must be refused, got %v", err)
	}
}

// expectLoadError writes text to a config file and checks that loading it
// fails with a *Error whose text names the file and every string in want.
func expectLoadError(t *testing.T, text string, want []string) {
	t.Helper()
	path := writeFile(t, text)
	_, err := Load(path, true)
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Fatalf("err = %v, want *Error", err)
	}
	for _, w := range append(want, path) {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
}
