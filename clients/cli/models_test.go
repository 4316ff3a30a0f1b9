package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

func TestModelsList(t *testing.T) {
	checkLeaks(t)
	_, c := startGateway(t)
	contains(t, "models list without providers", c.ok("models", "list").stdout, "No models configured", "models.providers.<id>")

	g2 := gatewaytest.Start(t, gatewaytest.Options{Config: `{ models: { providers: { fake: { baseUrl: "http://127.0.0.1:9/v1",
  models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000, input: ["text", "image"] }, { id: "r1", reasoning: true } ] } } } }`})
	c2 := newCLI(t, string(g2.StateDir), envURL, g2.URL)
	contains(t, "models list", c2.ok("models", "list").stdout,
		"MODEL", "NAME", "CONTEXT", "REASONING", "INPUT", "fake/fake-model", "Fake Model", "128000", "text,image", "fake/r1", "true")
	var r protocol.ModelsListResult
	if err := json.Unmarshal([]byte(c2.ok("models", "list", "--json").stdout), &r); err != nil || len(r.Models) != 2 || r.Models[1].ID != "r1" {
		t.Fatalf("models list --json = %+v (%v)", r, err)
	}
	contains(t, "models status without providers", c.ok("models", "status").stdout, "No provider needs an API key")
	g3 := gatewaytest.Start(t, gatewaytest.Options{Config: `{ models: { providers: { openai: { apiKey: "sk-hidden" }, anthropic: { api: "anthropic-messages" } } } }`})
	status := newCLI(t, string(g3.StateDir), envURL, g3.URL).ok("models", "status").stdout
	contains(t, "models status", status, "PROVIDER", "anthropic", "missing", "openai", "static", "openai:config")
	if strings.Contains(status, "sk-hidden") {
		t.Fatalf("the key is shown:\n%s", status)
	}
	c.fails([]string{"models", "lst"}, `unknown command "lst"`, "list")
}
