package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/logging"
	"github.com/gatewire/gatewire/server/statedir"
)

// These tests try the commands as a new user types them, against a real
// gateway on loopback.

// humanLogLine is "time LEVEL message k=v …".
var humanLogLine = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\S+ (DEBUG|INFO|WARN|ERROR) \S`)

func TestLogsPrintTimeLevelMessage(t *testing.T) {
	checkLeaks(t)
	_, c := startGateway(t)
	c.ok("health") // a connection to log
	lines := strings.Split(strings.TrimSpace(c.ok("logs", "--limit", "20").stdout), "\n")
	sawOpen := false
	for _, l := range lines {
		if !humanLogLine.MatchString(l) || strings.Contains(l, logging.MetaKey+"=") || strings.Contains(l, logging.MessageKey+"=") {
			t.Fatalf("log line not as time LEVEL msg k=v: %q\nall:\n%s", l, strings.Join(lines, "\n"))
		}
		sawOpen = sawOpen || strings.Contains(l, " INFO connection open ")
	}
	if !sawOpen {
		t.Fatalf("no \"INFO connection open\" line:\n%s", strings.Join(lines, "\n"))
	}

	// --follow formats the same way.
	ctx, cancel := context.WithCancel(context.Background())
	out := newSyncBuffer()
	done := make(chan result, 1)
	go func() { done <- c.runContext(ctx, out, "logs", "--follow", "--interval", "20", "--limit", "3") }()
	out.waitFor(t, "followed lines", func(text string) bool { return strings.Count(text, "\n") >= 1 })
	cancel()
	if r := <-done; r.err != nil {
		t.Fatalf("logs --follow: %v", r.err)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !humanLogLine.MatchString(l) || strings.Contains(l, "_meta=") {
			t.Fatalf("followed line not formatted: %q", l)
		}
	}
}

func TestTheFormatterReadsTheLogFileKeys(t *testing.T) {
	// The keys the formatter reads are the ones server/logging writes.
	if logMessageKey != logging.MessageKey || logMetaKey != logging.MetaKey {
		t.Fatalf("formatter keys %q/%q, log file keys %q/%q", logMessageKey, logMetaKey, logging.MessageKey, logging.MetaKey)
	}
}

func TestDevFindsTheDevGatewayAndItsToken(t *testing.T) {
	checkLeaks(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	devDir := filepath.Join(home, statedir.DefaultDevName)
	if err := os.MkdirAll(devDir, 0o700); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{StateDir: statedir.Dir(devDir)})
	port := g.URL[strings.LastIndex(g.URL, ":")+1:]

	// No state dir, no token: --dev finds ~/.gatewire-dev and its token
	// (the port comes from the environment, as the test gateway cannot
	// take 19001).
	c := &cli{t: t, env: map[string]string{envPort: port}}
	contains(t, "health --dev", c.ok("health", "--dev").stdout, "health:", "ok")
	contains(t, "gateway status --dev", c.ok("gateway", "status", "--dev").stdout, "scopes:", "operator.read")

	s, err := resolveWith(t, []string{"--dev"})
	if err != nil || s.url != "ws://127.0.0.1:19001" || s.stateDir != devDir || s.token != g.Token {
		t.Fatalf("--dev settings = %+v (%v)", s, err)
	}
	g.Stop()
	c.fails([]string{"health", "--dev"}, "not reachable", "Start it with: gatewire gateway --dev")

	s, err = resolveWith(t, nil)
	if err != nil || s.url != "ws://127.0.0.1:18789" || s.stateDir != filepath.Join(home, ".gatewire") {
		t.Fatalf("default settings = %+v (%v)", s, err)
	}
	if defaultDevPort != 19001 || service.DevProfile.StateDirName() != statedir.DefaultDevName || service.Profile("").StateDirName() != statedir.DefaultName {
		t.Fatal("the client's dev defaults differ from the gateway's")
	}
}

func TestTheClientIdentityIsNotTheGatewaysOwn(t *testing.T) {
	checkLeaks(t)
	g, c := startGateway(t) // c shares the gateway's state dir, as the defaults do
	c.ok("status", "--device-identity")
	var own protocol.GatewayIdentityGetResult
	if err := json.Unmarshal([]byte(c.ok("call", "gateway.identity.get").stdout), &own); err != nil {
		t.Fatal(err)
	}
	paired := deviceList(t, c).Paired
	if len(paired) != 1 {
		t.Fatalf("paired = %+v, want the CLI's device", paired)
	}
	if paired[0].DeviceID == own.DeviceID {
		t.Fatal("--device-identity paired the gateway's own key")
	}
	if paired[0].DeviceID != deviceOf(t, string(g.StateDir)) {
		t.Fatal("the paired device is not <state dir>/cli's identity")
	}
	// --identity-dir puts it elsewhere.
	elsewhere := t.TempDir()
	c.ok("status", "--device-identity", "--identity-dir", elsewhere)
	if _, err := os.Stat(filepath.Join(elsewhere, "identity", "device.json")); err != nil {
		t.Fatalf("--identity-dir: %v", err)
	}
}

func TestTheTokenIsTheOneTheGatewayUses(t *testing.T) {
	checkLeaks(t)
	dir := statedir.Dir(t.TempDir())
	// A token file left from an earlier run, then a token in the config
	// file: the gateway checks the config's.
	if err := os.WriteFile(dir.TokenFile(), []byte("stale-generated\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{StateDir: dir, Config: `{ gateway: { auth: { token: "from-config" } } }`})
	if g.Token != "from-config" {
		t.Fatalf("gateway token %q", g.Token)
	}
	c := newCLI(t, string(dir), envURL, g.URL)
	c.ok("status")

	// A config file whose token the gateway does not use: the failure
	// names that file.
	other := filepath.Join(t.TempDir(), "other.json")
	if err := os.WriteFile(other, []byte(`{ gateway: { auth: { token: "not-this" } } }`), 0o600); err != nil {
		t.Fatal(err)
	}
	c.fails([]string{"status", "--config", other}, "[AUTH_TOKEN_MISMATCH]", "the token from gateway.auth.token in "+other+" was refused")

	// Without a configured token the generated one is read, and named.
	g2 := gatewaytest.Start(t, gatewaytest.Options{})
	if err := os.WriteFile(g2.StateDir.TokenFile(), []byte("rotated-away\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	newCLI(t, string(g2.StateDir), envURL, g2.URL).fails([]string{"status"},
		"the token from the token file "+g2.StateDir.TokenFile()+" was refused")
}

// evil is what a hostile client puts in its strings: clear the screen,
// set the window title, reverse the text direction.
const evil = "\x1b[2J\x1b]0;owned\x07\u202e\u009b"

func TestClientStringsAreEscaped(t *testing.T) {
	checkLeaks(t)
	g, c := startGateway(t)

	// presence: a client with hostile strings.
	raw := gatewaytest.Dial(t, g.URL)
	defer raw.Close()
	p := gatewaytest.ConnectParams(g.Token, "operator")
	name, family := "pc"+evil, "fam"+evil
	p.Client.DisplayName, p.Client.DeviceFamily, p.Client.Version, p.Client.Platform = &name, &family, "1"+evil, "linux"+evil
	raw.MustConnect(p)
	checkEscaped(t, "presence", c.ok("presence").stdout, `\x1b[2J`, `\x1b]0;owned\a`, `\u202e`, `\u009b`)
	checkEscaped(t, "presence --json", c.ok("presence", "--json").stdout, `\u202e`)

	// devices: a device paired silently on loopback with such a name.
	dev := gatewaytest.Dial(t, g.URL)
	defer dev.Close()
	dp := gatewaytest.ConnectParams(g.Token, "operator", "operator.read")
	dp.Client.ID, dp.Client.Mode, dp.Client.DisplayName = "cli", "cli", &name
	dev.Sign(dp, gatewaytest.NewDevice(t))
	dev.MustConnect(dp)
	checkEscaped(t, "devices list", c.ok("devices", "list").stdout, `pc\x1b[2J`)

	// nodes: a pending node request.
	params, _ := json.Marshal(map[string]any{"nodeId": "n" + evil, "displayName": "node" + evil, "platform": "linux" + evil})
	c.ok("call", "node.pair.request", "--protocol", "3", "--params", string(params)) // a v3 method (v4 pairs nodes as devices)
	out := c.ok("nodes", "pending").stdout
	checkEscaped(t, "nodes pending", out, `node\x1b[2J`)
	id := regexp.MustCompile(`[0-9a-f-]{36}`).FindString(out)
	checkEscaped(t, "nodes approve", c.ok("nodes", "approve", id).stdout, `n\x1b[2J`)
}

// checkEscaped fails unless out holds no control or bidi character
// (other than line breaks) and holds every escaped form in want.
func checkEscaped(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, r := range out {
		if r != '\n' && unsafeRune(r) {
			t.Fatalf("%s printed %U raw:\n%q", what, r, out)
		}
	}
	contains(t, what, out, want...)
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                   "plain",
		"héllo wörld 👋":           "héllo wörld 👋",
		"a\tb\nc":                 `a\tb\nc`,
		"\x1b]0;t\x07":            `\x1b]0;t\a`,
		"x\u202ey":                `x\u202ey`,
		"c1\u009b":                `c1\u009b`,
		"bad\xffutf8":             `bad\xffutf8`,
		"del\x7f":                 `del\x7f`,
		"zwj 👩\u200d💻 kept as is": "zwj 👩\u200d💻 kept as is",
	} {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := escapeLines("{\n  \"a\": \"\u202e\"\n}"); got != "{\n  \"a\": \"\\u202e\"\n}" {
		t.Errorf("escapeLines = %q", got)
	}
}

func TestTheCLILeavesNoPresenceRow(t *testing.T) {
	checkLeaks(t)
	g, c := startGateway(t)
	c.ok("health")
	c.ok("status")
	c.ok("status", "--device-identity")
	var entries []protocol.PresenceEntry
	if err := json.Unmarshal([]byte(c.ok("presence", "--json").stdout), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || str(entries[0].Mode) != "gateway" {
		t.Fatalf("presence after CLI commands = %s", c.ok("presence").stdout)
	}
	// The CLI kept its scopes: status needs operator.read, which a
	// client without a device only keeps as the local backend helper.
	contains(t, "gateway status", c.ok("gateway", "status").stdout, "scopes:", "operator.read")

	// Another backend client, which does not declare the CLI, still shows.
	other := gatewaytest.Dial(t, g.URL)
	defer other.Close()
	other.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.read"))
	contains(t, "presence", c.ok("presence").stdout, "backend")
}

func TestAuthFailureSaysWhatToDo(t *testing.T) {
	checkLeaks(t)
	g, c := startGateway(t)
	r := c.fails([]string{"health", "--token", "wrong"}, "[AUTH_TOKEN_MISMATCH]", "next step (from the gateway): update_auth_credentials",
		"the token from --token was refused", "--token <token>", envToken, g.StateDir.TokenFile())
	if strings.Contains(r.err.Error(), "[INVALID_REQUEST]") {
		t.Fatalf("the refusal shows the generic code: %v", r.err)
	}
	c.env[envToken] = "also-wrong"
	c.fails([]string{"health"}, "the token from "+envToken+" was refused")
	delete(c.env, envToken)

	// The device path (another host's view): cli's v3 hint names
	// gateway.remote.token on the wire; the CLI says what that means here.
	c.fails([]string{"health", "--device-identity", "--token", "wrong"}, "gateway.remote.token", "[AUTH_TOKEN_MISMATCH]",
		"OpenClaw's client setting", "--token <token>")
}

func TestMistypedSubcommandFailsWithASuggestion(t *testing.T) {
	c := newCLI(t, t.TempDir())
	c.fails([]string{"devices", "aprove"}, `unknown command "aprove" for "gatewire devices"`, "Did you mean this?", "approve")
	c.fails([]string{"nodes", "pendng"}, `unknown command "pendng"`, "pending")
	c.fails([]string{"devices", "xyzzy"}, `unknown command "xyzzy"`)
	contains(t, "devices", c.ok("devices").stdout, "Available Commands:", "approve")
}

func TestThePortComesFromTheGatewaysConfigFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(`{ gateway: { port: 20555 } }`), 0o600); err != nil {
		t.Fatal(err)
	}
	var f connFlags
	e := &env{getenv: func(k string) string { return map[string]string{envStateDir: dir}[k] }, local: localGateway}
	s, err := f.resolve(e)
	if err != nil || s.url != "ws://127.0.0.1:20555" {
		t.Fatalf("settings = %+v (%v)", s, err)
	}
	e.getenv = func(k string) string { return map[string]string{envStateDir: dir, envPort: "20556"}[k] }
	if s, _ := f.resolve(e); s.url != "ws://127.0.0.1:20556" {
		t.Fatalf("GATEWIRE_PORT does not win over the config file: %s", s.url)
	}
}
