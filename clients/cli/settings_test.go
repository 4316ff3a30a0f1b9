package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// resolveWith parses args as the common flags and resolves them against
// the environment vars (name, value pairs).
func resolveWith(t *testing.T, args []string, vars ...string) (*settings, error) {
	t.Helper()
	values := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		values[vars[i]] = vars[i+1]
	}
	var f connFlags
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return f.resolve(&env{getenv: func(k string) string { return values[k] }})
}

func TestSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	s, err := resolveWith(t, nil, envStateDir, dir)
	if err != nil || s.url != "ws://127.0.0.1:18789" || !s.loopback || s.timeout != defaultTimeout || s.stateDir != dir {
		t.Fatalf("defaults = %+v (%v)", s, err)
	}
	s, _ = resolveWith(t, nil, envStateDir, dir, envOpenClawPort, "19001")
	if s.url != "ws://127.0.0.1:19001" {
		t.Fatalf("OPENCLAW_GATEWAY_PORT: url = %s", s.url)
	}
	s, _ = resolveWith(t, nil, envStateDir, dir, envPort, "19002", envOpenClawPort, "19001")
	if s.url != "ws://127.0.0.1:19002" {
		t.Fatalf("GATEWIRE_PORT wins: url = %s", s.url)
	}
	s, _ = resolveWith(t, []string{"--url", "wss://gw.example:443", "--token", "flag"}, envStateDir, dir,
		envURL, "ws://env", envToken, "env", envOpenClawToken, "openclaw")
	if s.url != "wss://gw.example:443" || s.token != "flag" || s.loopback {
		t.Fatalf("flags win: %+v", s)
	}
	s, _ = resolveWith(t, nil, envStateDir, dir, envOpenClawURL, "ws://10.1.2.3:1", envOpenClawToken, "oc", envOpenClawPassword, "pw")
	if s.url != "ws://10.1.2.3:1" || s.token != "oc" || s.password != "pw" {
		t.Fatalf("OPENCLAW_* variables: %+v", s)
	}
	s, _ = resolveWith(t, []string{"--timeout", "2500"}, envStateDir, dir)
	if s.timeout != 2500*time.Millisecond {
		t.Fatalf("--timeout 2500 = %s", s.timeout)
	}
	s, _ = resolveWith(t, []string{"--timeout", "3s"}, envStateDir, dir)
	if s.timeout != 3*time.Second {
		t.Fatalf("--timeout 3s = %s", s.timeout)
	}
	s, _ = resolveWith(t, []string{"--state-dir", "~/x"}, envStateDir, dir)
	if home, _ := os.UserHomeDir(); s.stateDir != filepath.Join(home, "x") {
		t.Fatalf("--state-dir ~/x = %s", s.stateDir)
	}
}

func TestSettingsErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		vars []string
		want string
	}{
		{nil, []string{envPort, "eighty"}, `GATEWIRE_PORT="eighty" is not a TCP port`},
		{nil, []string{envOpenClawPort, "70000"}, "OPENCLAW_GATEWAY_PORT"},
		{[]string{"--url", "http://x"}, nil, "must start with ws:// or wss://"},
		{[]string{"--timeout", "-1"}, nil, "must be positive"},
		{[]string{"--timeout", "soon"}, nil, "want milliseconds"},
	} {
		_, err := resolveWith(t, tc.args, append(tc.vars, envStateDir, dir)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: error %v, want %q", tc.args, tc.vars, err, tc.want)
		}
	}
}

func TestTheGeneratedTokenIsReadOnlyForLoopback(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gateway.token")
	if err := os.WriteFile(path, []byte("generated\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := resolveWith(t, nil, envStateDir, dir)
	if err != nil || s.token != "generated" || !strings.Contains(s.secretSource, "token file") {
		t.Fatalf("loopback: %+v (%v)", s, err)
	}
	if s, _ := resolveWith(t, []string{"--url", "ws://10.0.0.5:18789"}, envStateDir, dir); s.token != "" {
		t.Fatalf("the local token was offered to a remote gateway: %+v", s)
	}
	if s, _ := resolveWith(t, []string{"--password", "pw"}, envStateDir, dir); s.token != "" {
		t.Fatalf("the token file was read although a password was given: %+v", s)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := resolveWith(t, nil, envStateDir, dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable token file was accepted: %v", err)
	}
}

func TestLeastPrivilegeScopes(t *testing.T) {
	for method, want := range map[string][]string{
		"health":             {"operator.read"},
		"logs.tail":          {"operator.read"},
		"device.pair.list":   {"operator.pairing"},
		"node.rename":        {"operator.pairing"},
		"config.get":         {"operator.admin"},
		"config.anything":    {"operator.admin"},
		"system-event":       {"operator.admin"},
		"no.such.method":     {"operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing", "operator.talk.secrets"},
		"node.invoke.result": {"operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing", "operator.talk.secrets"},
	} {
		if got := scopesFor(method); !slices.Equal(got, want) {
			t.Errorf("scopesFor(%s) = %v, want %v", method, got, want)
		}
	}
}

func TestCoversAll(t *testing.T) {
	cases := []struct {
		held, want []string
		ok         bool
	}{
		{[]string{"operator.admin"}, []string{"operator.pairing", "operator.read"}, true},
		{[]string{"operator.write"}, []string{"operator.read"}, true},
		{[]string{"operator.read"}, []string{"operator.write"}, false},
		{[]string{"operator.pairing"}, []string{"operator.pairing", "operator.admin"}, false},
		{nil, nil, true},
	}
	for _, tc := range cases {
		if got := coversAll(tc.held, tc.want); got != tc.ok {
			t.Errorf("coversAll(%v, %v) = %v", tc.held, tc.want, got)
		}
	}
}

func TestFormatLogLine(t *testing.T) {
	for in, want := range map[string]string{
		`{"time":"2026-01-02T03:04:05Z","level":"INFO","msg":"connection open","role":"operator","n":3,"ok":true}`: `2026-01-02T03:04:05Z INFO connection open role=operator n=3 ok=true`,
		`{"msg":"x","err":"two words","obj":{"a":1}}`:                                                              `x err="two words" obj={"a":1}`,
		`{"time":"2026-01-02T03:04:05Z","_meta":{"logLevelName":"INFO"},"0":"connection open","conn":"c1"}`:        `2026-01-02T03:04:05Z INFO connection open conn=c1`,
		`{"0":"x","_meta":{"runtime":"node","logLevelName":"WARN","path":{"fileLine":"149"}},"time":"t"}`:          `t WARN x`,
		`{"0":"x","_meta":{"runtime":"node"}}`:                                                                     `x _meta={"runtime":"node"}`,
		`{"msg":"esc\u001b[2J","k":"v\u009b"}`:                                                                     `esc\x1b[2J k="v\u009b"`,
		`not json`:                                                                                                 `not json`,
		`[1,2]`:                                                                                                    `[1,2]`,
	} {
		if got := formatLogLine(in); got != want {
			t.Errorf("formatLogLine(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestCommandsReportTheBinaryVersion(t *testing.T) {
	f := connFlags{}
	s, err := f.resolve(&env{getenv: func(string) string { return "" }, version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	for _, asDevice := range []bool{false, true} {
		s.asDevice, s.token, s.stateDir = asDevice, "t", t.TempDir()
		opts, err := optionsFor(s, readAccess, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if opts.Client.Version != "1.2.3" {
			t.Fatalf("device=%v: client version %q, want the binary's", asDevice, opts.Client.Version)
		}
	}
}

func TestProfileFindsItsStateDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	s, err := resolveWith(t, []string{"--profile", "ops"})
	if err != nil || s.stateDir != filepath.Join(home, ".gatewire-ops") || s.profile != "ops" || s.url != "ws://127.0.0.1:18789" {
		t.Fatalf("--profile ops settings = %+v (%v)", s, err)
	}
	if _, err := resolveWith(t, []string{"--profile", "ops", "--dev"}); err == nil {
		t.Fatal("--profile ops --dev accepted")
	}
	text := (&unreachableError{url: "ws://127.0.0.1:1", err: errors.New("refused"), profile: "ops"}).Error()
	if !strings.Contains(text, "gatewire gateway --profile ops") {
		t.Fatalf("hint: %s", text)
	}
}
