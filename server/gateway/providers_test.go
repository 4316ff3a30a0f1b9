package gateway_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// providerFile is the OpenClaw-format config of an OpenAI-compatible
// provider (agent-reference §1), as an OpenClaw user writes it.
const providerFile = `{
  "models": {
    "mode": "merge",
    "providers": {
      "fake": {
        "baseUrl": "http://127.0.0.1:9/v1",
        "apiKey": "sk-config-key-0123456789",
        "api": "openai-completions",
        "models": [ { "id": "fake-model", "name": "Fake Model", "reasoning": false, "input": ["text"],
                      "cost": {"input":0,"output":0,"cacheRead":0,"cacheWrite":0},
                      "contextWindow": 128000, "maxTokens": 4096 } ]
      }
    }
  },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" } } },
  "gateway": { "http": { "endpoints": { "chatCompletions": { "enabled": true }, "responses": { "enabled": true } } } }
}`

// TestProviderAPIKeysNeverReachTheLogs: the configured key, a key that
// replaces it by a config write, and the provider environment variables
// are cut out of every log line logs.tail returns.
func TestProviderAPIKeysNeverReachTheLogs(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: providerFile, Env: map[string]string{"OPENAI_API_KEY": "sk-env-openai-4242", "ANTHROPIC_API_KEY": "sk-ant-env-4343"}})
	c := operator(t, g, admin)
	var snap protocol.ConfigSnapshot
	c.Result("config.get", nil, &snap)
	if len(snap.Warnings) != 0 {
		t.Fatalf("the reference provider config has warnings: %+v", snap.Warnings)
	}
	leak := func(secrets ...string) {
		t.Helper()
		f, err := os.OpenFile(g.LogFile(), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		// What a careless error message would log.
		_, err = f.WriteString(`{"level":"ERROR","msg":"provider failed: ` + strings.Join(secrets, " ") + `"}` + "\n")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	tail := func() string {
		t.Helper()
		var res protocol.LogsTailResult
		c.Result("logs.tail", map[string]any{"limit": 500}, &res)
		return strings.Join(res.Lines, "\n")
	}
	leak("sk-config-key-0123456789", "sk-env-openai-4242", "sk-ant-env-4343")
	if got := tail(); strings.Contains(got, "sk-") || strings.Count(got, config.Redacted) < 3 {
		t.Fatalf("keys in the log:\n%s", got)
	}
	res := c.Call("config.patch", map[string]any{
		"raw": `{ models: { providers: { fake: { apiKey: "sk-rotated-key-9876" } } } }`, "baseHash": snap.Hash,
	})
	if !res.OK {
		t.Fatalf("config.patch: %s", res.Raw)
	}
	// The new config applies once the reply is out; the gateway logs it.
	for deadline := time.Now().Add(gatewaytest.Wait); !strings.Contains(tail(), `"config applied"`); {
		if time.Now().After(deadline) {
			t.Fatal("the config write was never applied")
		}
		time.Sleep(10 * time.Millisecond)
	}
	leak("sk-rotated-key-9876")
	if got := tail(); strings.Contains(got, "sk-rotated") {
		t.Fatalf("the rotated key is in the log:\n%s", got)
	}
}
