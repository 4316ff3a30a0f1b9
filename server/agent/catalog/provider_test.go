package catalog

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/agent/provider"
)

func TestProviderClientsAreCachedAndRebuiltWhenTheirSettingsChange(t *testing.T) {
	env := map[string]string{}
	c, l, _ := newCatalog(t, providerConfig, env)
	m, err := c.ModelFor("main", "")
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.Provider(m)
	if err != nil || first.API() != "openai-completions" {
		t.Fatalf("provider = %v, %v", first, err)
	}
	again, _ := c.Provider(m)
	small, _ := c.Model("fake/small")
	sibling, _ := c.Provider(small)
	if again != first || sibling != first {
		t.Fatal("the same provider settings built a second client")
	}
	claude, _ := c.Model("anth/claude")
	if p, err := c.Provider(claude); err != nil || p.API() != "anthropic-messages" {
		t.Fatalf("anthropic provider = %v, %v", p, err)
	}
	// A changed key (or base URL) rebuilds the client.
	l.set(t, strings.Replace(providerConfig, "sk-config", "sk-rotated", 1))
	rotated, _ := c.Provider(m)
	if rotated == first {
		t.Fatal("a rotated key kept the old client")
	}
	if again, _ := c.Provider(m); again != rotated {
		t.Fatal("the rebuilt client is not cached")
	}
	// A provider removed from the config is gone.
	l.set(t, `{ models: { providers: { anth: { baseUrl: "http://127.0.0.1:2", api: "anthropic-messages" } } } }`)
	if _, err := c.Provider(m); err == nil || !strings.Contains(err.Error(), `no provider "fake"`) {
		t.Fatalf("removed provider: %v", err)
	}
}

func TestAPublicEndpointNeedsAKeyFromTheConfigOrTheEnvironment(t *testing.T) {
	text := `{ models: { providers: { openai: { api: "openai-responses", models: [ { id: "gpt-5.5" } ] } } } }`
	c, _, _ := newCatalog(t, text, nil)
	m, _ := c.Model("openai/gpt-5.5")
	_, err := c.Provider(m)
	want := `No API key found for provider "openai". Set models.providers.openai.apiKey in the config file or OPENAI_API_KEY in the gateway's environment`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	c, _, _ = newCatalog(t, text, map[string]string{"OPENAI_API_KEY": "sk-env"})
	if p, err := c.Provider(m); err != nil || p.API() != "openai-responses" {
		t.Fatalf("with OPENAI_API_KEY: %v, %v", p, err)
	}
	if got := c.APIKeys(); !slices.Equal(got, []string{"sk-env"}) {
		t.Fatalf("APIKeys = %q", got)
	}
}

func TestAPIKeysListsConfiguredAndEnvironmentKeys(t *testing.T) {
	c, _, _ := newCatalog(t, providerConfig, map[string]string{"ANTHROPIC_API_KEY": "sk-ant-env", "OPENAI_API_KEY": "sk-unused"})
	// fake has its own key, so OPENAI_API_KEY is not used by any provider.
	if got := c.APIKeys(); !slices.Equal(got, []string{"sk-ant-env", "sk-config"}) {
		t.Fatalf("APIKeys = %q", got)
	}
}

func TestCredentialsSayWhereEachKeyComesFrom(t *testing.T) {
	c, _, _ := newCatalog(t, `{ models: { providers: {
  cfg: { baseUrl: "http://127.0.0.1:1", apiKey: "sk-1" },
  env: { api: "anthropic-messages" },
  local: { baseUrl: "http://127.0.0.1:2" },
  openai: { api: "openai-responses" },
} } }`, map[string]string{"ANTHROPIC_API_KEY": "sk-ant"})
	want := []Credential{
		{Provider: "cfg", Source: CredentialConfig, EnvVar: "OPENAI_API_KEY"},
		{Provider: "env", Source: CredentialEnv, EnvVar: "ANTHROPIC_API_KEY", Required: true},
		{Provider: "local", Source: CredentialNone, EnvVar: "OPENAI_API_KEY"},
		{Provider: "openai", Source: CredentialNone, EnvVar: "OPENAI_API_KEY", Required: true},
	}
	if got := c.Credentials(); !slices.Equal(got, want) {
		t.Fatalf("credentials =\n%+v\nwant\n%+v", got, want)
	}
}

func TestTheProviderClientSendsTheKeyOfTheConfigOrTheEnvironment(t *testing.T) {
	llm := fakellm.Start(t, fakellm.Text("one"), fakellm.Text("two"))
	text := `{ models: { providers: { fake: { baseUrl: "` + llm.BaseURL(fakellm.APIOpenAICompletions) + `", models: [ { id: "m" } ] } } } }`
	env := map[string]string{"OPENAI_API_KEY": "sk-from-env"}
	c, l, _ := newCatalog(t, text, env)
	turn := func() string {
		t.Helper()
		m, err := c.ModelFor("main", "")
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Provider(m)
		if err != nil {
			t.Fatal(err)
		}
		for ev := range p.Stream(context.Background(), &provider.Request{Model: m.ID, Messages: []provider.Message{
			{Role: provider.RoleUser, Content: []provider.Part{{Type: provider.PartText, Text: "hi"}}}}}) {
			if ev.Type == provider.EventError {
				t.Fatalf("stream error: %+v", ev)
			}
		}
		reqs := llm.Requests()
		return reqs[len(reqs)-1].Header.Get("Authorization")
	}
	if got := turn(); got != "Bearer sk-from-env" {
		t.Fatalf("Authorization = %q, want the environment's key", got)
	}
	l.set(t, strings.Replace(text, `models: [`, `apiKey: "sk-from-config", models: [`, 1))
	if got := turn(); got != "Bearer sk-from-config" {
		t.Fatalf("Authorization = %q, want the config's key after the reload", got)
	}
}
