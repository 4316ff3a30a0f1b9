package gatewaycmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/statedir"
)

// effective resolves args and env like the command does and returns the
// configuration the gateway would run with.
func effective(t *testing.T, args []string, env map[string]string) (config.Config, statedir.Dir, error) {
	t.Helper()
	cmd, f := newCommand()
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	setup, err := resolve(cmd, *f, func(k string) string { return env[k] })
	if err != nil {
		return config.Config{}, "", err
	}
	path := setup.ConfigPath
	if path == "" {
		path = setup.StateDir.ConfigFile()
	}
	file, err := config.Load(path, setup.ConfigExplicit)
	if err != nil {
		return config.Config{}, setup.StateDir, err
	}
	m, err := config.NewManager(file, setup.Overrides, nil)
	if err != nil {
		return config.Config{}, setup.StateDir, err
	}
	return m.Effective(), setup.StateDir, nil
}

func stateWithConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if text != "" {
		if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPortPrecedenceFlagEnvConfigDefault(t *testing.T) {
	dir := stateWithConfig(t, `{ gateway: { port: 20001, auth: { token: "file" } } }`)
	empty := stateWithConfig(t, "")
	cases := []struct {
		name  string
		args  []string
		env   map[string]string
		port  int
		token string
	}{
		{"flag wins", []string{"--state-dir", dir, "--port", "20003", "--token", "flag"}, map[string]string{"GATEWIRE_PORT": "20002", "GATEWIRE_TOKEN": "env"}, 20003, "flag"},
		{"env over file", []string{"--state-dir", dir}, map[string]string{"GATEWIRE_PORT": "20002", "OPENCLAW_GATEWAY_TOKEN": "oc-env"}, 20002, "oc-env"},
		{"gatewire env over openclaw env", []string{"--state-dir", dir}, map[string]string{"OPENCLAW_GATEWAY_PORT": "20005", "GATEWIRE_PORT": "20006"}, 20006, "file"},
		{"file over default", []string{"--state-dir", dir}, nil, 20001, "file"},
		{"default", []string{"--state-dir", empty, "--token", "t"}, nil, config.DefaultPort, "t"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := effective(t, tc.args, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if c.Gateway.Port != tc.port || c.Gateway.Auth.Token != tc.token {
				t.Fatalf("port %d token %q", c.Gateway.Port, c.Gateway.Auth.Token)
			}
		})
	}
}

func TestAuthModeAndBindPrecedence(t *testing.T) {
	dir := stateWithConfig(t, `{ gateway: { bind: "lan", auth: { mode: "password", password: "pw" } } }`)
	c, _, err := effective(t, []string{"--state-dir", dir}, map[string]string{"GATEWIRE_BIND": "127.0.0.1"})
	if err != nil || c.Gateway.Bind != "127.0.0.1" || config.AuthMode(c) != "password" {
		t.Fatalf("env bind: %+v %v", c.Gateway, err)
	}
	c, _, err = effective(t, []string{"--state-dir", dir, "--auth", "none", "--bind", "loopback"}, map[string]string{"GATEWIRE_AUTH_MODE": "token"})
	if err != nil || config.AuthMode(c) != "none" || c.Gateway.Bind != "loopback" {
		t.Fatalf("flag auth: %+v %v", c.Gateway, err)
	}
	c, _, err = effective(t, []string{"--state-dir", stateWithConfig(t, ""), "--password", "only"}, nil)
	if err != nil || config.AuthMode(c) != "password" {
		t.Fatalf("password only: mode %s %v", config.AuthMode(c), err)
	}
}

func TestNonLoopbackWithoutCredentialIsFatal(t *testing.T) {
	for _, args := range [][]string{
		{"--bind", "lan"},
		{"--bind", "lan", "--auth", "none", "--token", "t"},
		{"--bind", "0.0.0.0", "--auth", "password"},
		{"--bind", "192.0.2.10", "--token", ""},
	} {
		_, _, err := effective(t, append(args, "--state-dir", stateWithConfig(t, "")), nil)
		if err == nil || !strings.Contains(err.Error(), "refusing to listen on a non-loopback address") {
			t.Errorf("%v: err = %v", args, err)
		}
	}
	if _, _, err := effective(t, []string{"--state-dir", stateWithConfig(t, ""), "--bind", "lan", "--token", "secret"}, nil); err != nil {
		t.Fatalf("lan with token: %v", err)
	}
}

func TestStateDirConfigPathAndDevProfile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	c, dir, err := effective(t, []string{"--dev", "--token", "t"}, nil)
	if err != nil || c.Gateway.Port != config.DefaultDevPort || dir.Root() != filepath.Join(home, ".gatewire-dev") {
		t.Fatalf("dev: port %d dir %s err %v", c.Gateway.Port, dir, err)
	}
	envDir := t.TempDir()
	_, dir, _ = effective(t, []string{"--token", "t"}, map[string]string{"OPENCLAW_STATE_DIR": envDir})
	if dir.Root() != envDir {
		t.Fatalf("OPENCLAW_STATE_DIR ignored: %s", dir)
	}
	cfg := filepath.Join(t.TempDir(), "custom.json")
	os.WriteFile(cfg, []byte(`{ gateway: { port: 20010, auth: { token: "c" } } }`), 0o600)
	c, _, err = effective(t, []string{"--state-dir", envDir}, map[string]string{"OPENCLAW_CONFIG_PATH": cfg})
	if err != nil || c.Gateway.Port != 20010 {
		t.Fatalf("OPENCLAW_CONFIG_PATH: %d %v", c.Gateway.Port, err)
	}
	_, _, err = effective(t, []string{"--state-dir", envDir, "--config", filepath.Join(envDir, "missing.json")}, nil)
	if err == nil || !strings.Contains(err.Error(), "missing.json: the file does not exist") {
		t.Fatalf("missing explicit config: %v", err)
	}
}

func TestMalformedEnvironmentIsFatal(t *testing.T) {
	_, _, err := effective(t, []string{"--state-dir", t.TempDir()}, map[string]string{"OPENCLAW_GATEWAY_PORT": "eighty"})
	if err == nil || !strings.Contains(err.Error(), "OPENCLAW_GATEWAY_PORT") {
		t.Fatalf("err = %v", err)
	}
}
