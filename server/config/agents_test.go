package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOpenClawProviderConfigLoadsWhole loads the config OpenClaw's docs
// give for an OpenAI-compatible provider (an agent model and the HTTP
// endpoints): every key is gatewire's, none is reported unused, and the
// provider's API key is a secret.
func TestOpenClawProviderConfigLoadsWhole(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "openclaw-provider.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("openclaw.json", string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.NotImplemented) != 0 {
		t.Fatalf("not implemented = %q, want none", f.NotImplemented)
	}
	c := f.Config
	p, ok := c.Models.Providers["fake"]
	if !ok || p.BaseURL == nil || *p.BaseURL != "http://127.0.0.1:18080/v1" || p.APIKey == nil || len(p.Models) != 1 {
		t.Fatalf("provider = %+v", p)
	}
	m := p.Models[0]
	if m.ID != "fake-model" || *m.Name != "Fake Model" || *m.ContextWindow != 128000 || *m.MaxTokens != 4096 {
		t.Fatalf("model = %+v", m)
	}
	if sel, _ := c.Agents.Defaults.Model.(map[string]any); sel["primary"] != "fake/fake-model" {
		t.Fatalf("agents.defaults.model = %#v", c.Agents.Defaults.Model)
	}
	if !c.Gateway.Http.Endpoints.ChatCompletions.Enabled || !c.Gateway.Http.Endpoints.Responses.Enabled {
		t.Fatalf("endpoints = %+v", c.Gateway.Http.Endpoints)
	}
	if raw := RedactRaw(f.Raw, f.Doc); strings.Contains(raw, "sk-fake-provider-key") {
		t.Fatalf("API key shown:\n%s", raw)
	}
	if red := RedactConfig(c); lookup(red, []string{"models", "providers", "fake", "apiKey"}) != Redacted {
		t.Fatalf("API key not redacted in the effective config: %v", lookup(red, []string{"models", "providers", "fake"}))
	}
}

// TestAgentsListTakesOpenClawEntries: string and object model forms,
// identities, and OpenClaw's per-agent keys gatewire does not implement
// (reported, not fatal).
func TestAgentsListTakesOpenClawEntries(t *testing.T) {
	f, err := Parse("x.json", `{
  agents: {
    defaults: { model: "p/m", workspace: "~/ws", systemPromptOverride: "Be brief." },
    list: [
      { id: "main", default: true, name: "Main", identity: { name: "Samantha", emoji: "🦥", theme: "helpful sloth", avatar: "a.png" }, thinkingDefault: "high" },
      { id: "ops", model: { primary: "p/big", fallbacks: ["p/m"] }, tools: { profile: "coding" } },
    ],
  },
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"agents.list[0].thinkingDefault", "agents.list[1].tools"}; !slices.Equal(f.NotImplemented, want) {
		t.Fatalf("not implemented = %q, want %q", f.NotImplemented, want)
	}
	a := f.Config.Agents
	if a.Defaults.Model != "p/m" || *a.Defaults.Workspace != "~/ws" || *a.Defaults.SystemPromptOverride != "Be brief." {
		t.Fatalf("defaults = %+v", a.Defaults)
	}
	if len(a.List) != 2 || a.List[0].ID != "main" || *a.List[0].Identity.Emoji != "🦥" || a.List[1].ID != "ops" {
		t.Fatalf("list = %+v", a.List)
	}
}

// TestBadAgentAndProviderValuesAreFatal names the key of each mistake.
func TestBadAgentAndProviderValuesAreFatal(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"agent without id", "{ agents: { list: [ {\n name: 'x' } ] } }", []string{"agents.list[0]", "missing required key id"}},
		{"agent id with a colon", "{ agents: { list: [ {\n id: 'a:b' } ] } }", []string{"agents.list[0].id"}},
		{"unknown api", "{ models: { providers: { p: {\n api: 'google-gemini' } } } }", []string{"line 2", "models.providers.p.api", `"google-gemini" is not supported by gatewire`}},
		{"model without id", "{ models: { providers: { p: { models: [ {\n name: 'M' } ] } } } }", []string{"models.providers.p.models[0]", "missing required key id"}},
		{"base url without scheme", "{ models: { providers: { p: {\n baseUrl: '127.0.0.1:8000' } } } }", []string{"models.providers.p.baseUrl"}},
		{"model typo", "{ agents: { defaults: {\n modle: 'p/m' } } }", []string{"agents.defaults.modle", "unknown key"}},
		{"duplicate agent", "{ agents: { list: [ { id: 'a' },\n { id: 'a' } ] } }", []string{"line 2", "agents.list[1].id", `duplicate agent id "a" (also agents.list[0])`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectLoadError(t, tc.text, tc.want)
		})
	}
}

// TestSecretValuesNameEverySecretOfTheConfig: what the log redactor is
// given.
func TestSecretValuesNameEverySecretOfTheConfig(t *testing.T) {
	f, err := Parse("x.json", `{ gateway: { auth: { token: "tok-1", password: "pw-1" } },
  models: { providers: { a: { apiKey: "sk-a", baseUrl: "http://127.0.0.1:1" }, b: { baseUrl: "http://127.0.0.1:2" } } } }`)
	if err != nil {
		t.Fatal(err)
	}
	got := SecretValues(f.Config)
	slices.Sort(got)
	if want := []string{"pw-1", "sk-a", "tok-1"}; !slices.Equal(got, want) {
		t.Fatalf("secrets = %q, want %q", got, want)
	}
}

// TestModelsCatalogIsAKeptDeprecatedKey: a file with models.catalog
// still loads (its models are listed) and config.get warns about it.
func TestModelsCatalogIsAKeptDeprecatedKey(t *testing.T) {
	m := newManager(t, `{ models: { catalog: [ { id: "m", name: "M", provider: "p" } ] } }`, Overrides{})
	if len(m.File().Config.Models.Catalog) != 1 {
		t.Fatalf("catalog = %+v", m.File().Config.Models)
	}
	s, err := m.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 1 || s.Warnings[0].Key != "models.catalog" || !strings.Contains(s.Warnings[0].Message, "deprecated: list the models under models.providers.<id>.models") {
		t.Fatalf("warnings = %+v", s.Warnings)
	}
}

// TestAWriteOfTheRedactedConfigKeepsTheProviderKey: a client saving back
// what config.get showed (the key as the placeholder) keeps the real key.
func TestAWriteOfTheRedactedConfigKeepsTheProviderKey(t *testing.T) {
	m := newManager(t, `{ models: { providers: { fake: { baseUrl: "http://127.0.0.1:1/v1", apiKey: "sk-real-key" } } } }`, Overrides{})
	s, err := m.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(*s.Raw, "sk-real-key") {
		t.Fatalf("snapshot shows the key: %s", *s.Raw)
	}
	edited := strings.Replace(*s.Raw, "127.0.0.1:1", "127.0.0.1:2", 1)
	if _, err := m.Set(edited, s.Hash, nil); err != nil {
		t.Fatal(err)
	}
	p := m.Effective().Models.Providers["fake"]
	if p.APIKey == nil || *p.APIKey != "sk-real-key" || *p.BaseURL != "http://127.0.0.1:2/v1" {
		t.Fatalf("after the write: key %v, url %v", p.APIKey, *p.BaseURL)
	}
}
