package catalog

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gatewire/gatewire/server/config"
)

// liveConfig is a config that a test can replace, as a reload does.
type liveConfig struct{ cur atomic.Pointer[config.Config] }

// set parses JSON5 config text and makes it the current config.
func (l *liveConfig) set(t *testing.T, text string) {
	t.Helper()
	f, err := config.Parse("gatewire.json", text)
	if err != nil {
		t.Fatal(err)
	}
	l.cur.Store(&f.Config)
}

func (l *liveConfig) get() config.Config { return *l.cur.Load() }

// newCatalog returns a catalog over text with the environment env and a
// state directory under the test's temp dir.
func newCatalog(t *testing.T, text string, env map[string]string) (*Catalog, *liveConfig, string) {
	t.Helper()
	l := &liveConfig{}
	l.set(t, text)
	state := t.TempDir()
	return New(l.get, func(k string) string { return env[k] }, WithStateDir(state)), l, state
}

const providerConfig = `{
  models: { providers: {
    fake: { baseUrl: "http://127.0.0.1:1/v1", apiKey: "sk-config", api: "openai-completions",
            models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000, maxTokens: 4096, reasoning: true,
                        input: ["text", "image"], cost: { input: 1.5, output: 6, cacheRead: 0.1, cacheWrite: 2 } },
                      { id: "small" } ] },
    anth: { baseUrl: "http://127.0.0.1:2", api: "anthropic-messages", models: [ { id: "claude", api: "anthropic-messages" } ] },
  } },
  agents: { defaults: { model: { primary: "fake/fake-model" } } },
}`

func TestWithoutAgentsThereIsMain(t *testing.T) {
	c, _, state := newCatalog(t, `{}`, nil)
	want := []Agent{{ID: "main", Default: true, Workspace: filepath.Join(state, "workspace")}}
	if got := c.Agents(); !slices.EqualFunc(got, want, agentEqual) {
		t.Fatalf("agents = %+v, want %+v", got, want)
	}
	if c.DefaultAgentID() != "main" {
		t.Fatal(c.DefaultAgentID())
	}
	if _, ok := c.Agent("ops"); ok {
		t.Fatal("unknown agent found")
	}
}

func TestAgentsResolveAsOpenClawDoes(t *testing.T) {
	c, _, state := newCatalog(t, `{
  agents: {
    defaults: { model: "fake/small", systemPromptOverride: "Defaults prompt." },
    list: [
      { id: "ops", name: "Ops", workspace: "~/ops-ws", model: { primary: "fake/fake-model", fallbacks: ["fake/small"] },
        identity: { name: "Samantha", emoji: "🦥", theme: "helpful sloth", avatar: "avatars/s.png" }, systemPromptOverride: "Ops prompt." },
      { id: "main", default: true, systemPromptOverride: "   " },
      { id: "second", default: true },
    ],
  },
}`, map[string]string{"HOME": "/home/u"})
	got := c.Agents()
	want := []Agent{
		{ID: "ops", Name: "Ops", Workspace: "/home/u/ops-ws", Model: "fake/fake-model", SystemPromptOverride: "Ops prompt.",
			Identity: Identity{Name: "Samantha", Emoji: "🦥", Theme: "helpful sloth", Avatar: "avatars/s.png"}},
		{ID: "main", Default: true, Workspace: filepath.Join(state, "workspace"), Model: "fake/small", SystemPromptOverride: "Defaults prompt."},
		{ID: "second", Workspace: filepath.Join(state, "workspace-second"), Model: "fake/small", SystemPromptOverride: "Defaults prompt."},
	}
	if !slices.EqualFunc(got, want, agentEqual) {
		t.Fatalf("agents =\n%+v\nwant\n%+v", got, want)
	}
	if c.DefaultAgentID() != "main" {
		t.Fatalf("default = %q, want the first marked default", c.DefaultAgentID())
	}
	if a, ok := c.Agent("second"); !ok || a.Default {
		t.Fatalf("second = %+v %v", a, ok)
	}
}

func TestDefaultsWorkspaceIsTheDefaultAgentsAndTheParentOfOthers(t *testing.T) {
	c, _, _ := newCatalog(t, `{ agents: { defaults: { workspace: "/srv/ws" }, list: [ { id: "a" }, { id: "b" } ] } }`, nil)
	a, _ := c.Agent("a")
	b, _ := c.Agent("b")
	if !a.Default || a.Workspace != "/srv/ws" || b.Workspace != "/srv/ws/b" || c.DefaultAgentID() != "a" {
		t.Fatalf("a=%+v b=%+v", a, b)
	}
}

func TestModelsCarryTheConfigAndItsDefaults(t *testing.T) {
	c, _, _ := newCatalog(t, providerConfig, nil)
	got := c.Models()
	want := []Model{
		{Ref: "anth/claude", Provider: "anth", ID: "claude", Name: "claude", API: "anthropic-messages", Input: []string{"text"}, ContextWindow: 200000},
		{Ref: "fake/fake-model", Provider: "fake", ID: "fake-model", Name: "Fake Model", API: "openai-completions",
			ContextWindow: 128000, MaxTokens: 4096, Reasoning: true, Input: []string{"text", "image"},
			Cost: Cost{Input: 1.5, Output: 6, CacheRead: 0.1, CacheWrite: 2}},
		{Ref: "fake/small", Provider: "fake", ID: "small", Name: "small", API: "openai-completions", Input: []string{"text"}, ContextWindow: 200000},
	}
	if !slices.EqualFunc(got, want, modelEqual) {
		t.Fatalf("models =\n%+v\nwant\n%+v", got, want)
	}
	if m, ok := c.Model("fake/small"); !ok || m.ID != "small" {
		t.Fatalf("Model(fake/small) = %+v %v", m, ok)
	}
	if _, ok := c.Model("small"); ok {
		t.Fatal("Model takes full references only")
	}
}

func TestModelForWithoutProvidersNamesTheKeysToSet(t *testing.T) {
	for _, text := range []string{`{}`, `{ agents: { defaults: { model: "openai/gpt-5.5" } } }`} {
		c, _, _ := newCatalog(t, text, nil)
		_, err := c.ModelFor("main", "")
		if !errors.Is(err, ErrNoModel) {
			t.Fatalf("err = %v", err)
		}
		for _, key := range []string{"models.providers.<id>", "baseUrl", "agents.defaults.model.primary"} {
			if !strings.Contains(err.Error(), key) {
				t.Errorf("error %q does not name %s", err, key)
			}
		}
	}
}

func TestModelForPrefersOverrideThenAgentThenDefaults(t *testing.T) {
	c, l, _ := newCatalog(t, providerConfig, nil)
	pick := func(agent, override string) string {
		t.Helper()
		m, err := c.ModelFor(agent, override)
		if err != nil {
			t.Fatal(err)
		}
		return m.Ref
	}
	if got := pick("main", ""); got != "fake/fake-model" {
		t.Fatalf("default = %s", got)
	}
	if got := pick("main", "anth/claude"); got != "anth/claude" {
		t.Fatalf("override = %s", got)
	}
	if got := pick("main", "small"); got != "fake/small" {
		t.Fatalf("bare unique id = %s", got)
	}
	// A configured provider's unlisted model is used as named.
	if m, err := c.ModelFor("main", "fake/gpt-x"); err != nil || m.API != "openai-completions" || m.ID != "gpt-x" || m.Name != "gpt-x" {
		t.Fatalf("unlisted = %+v %v", m, err)
	}
	l.set(t, strings.Replace(providerConfig, `agents: {`, `agents: { list: [ { id: "main" }, { id: "ops", model: "anth/claude" } ],`, 1))
	if got := pick("ops", ""); got != "anth/claude" {
		t.Fatalf("agent's = %s", got)
	}
	if got := pick("main", ""); got != "fake/fake-model" {
		t.Fatalf("agent without a model = %s", got)
	}
	// No model named anywhere: the first configured one, as OpenClaw.
	l.set(t, strings.Replace(providerConfig, `agents: { defaults: { model: { primary: "fake/fake-model" } } },`, ``, 1))
	if got := pick("main", ""); got != "anth/claude" {
		t.Fatalf("first = %s", got)
	}
}

func TestModelForUnknownModels(t *testing.T) {
	c, _, _ := newCatalog(t, providerConfig, nil)
	for ref, want := range map[string]string{
		"nope/model": `Unknown model: nope/model (no provider "nope" in models.providers)`,
		"gpt-x":      `Unknown model: gpt-x (name it as "<provider>/<model>")`,
	} {
		_, err := c.ModelFor("main", ref)
		if !errors.Is(err, ErrNoModel) || !strings.Contains(err.Error(), want) {
			t.Errorf("ModelFor(%q) err = %v, want %q", ref, err, want)
		}
	}
}

func TestConfigChangesApplyOnTheNextCall(t *testing.T) {
	c, l, _ := newCatalog(t, `{}`, nil)
	if len(c.Models()) != 0 {
		t.Fatal("models without providers")
	}
	l.set(t, providerConfig)
	if len(c.Models()) != 3 {
		t.Fatalf("after reload: %+v", c.Models())
	}
	if _, err := c.ModelFor("main", ""); err != nil {
		t.Fatal(err)
	}
}

func agentEqual(a, b Agent) bool { return a == b }

func modelEqual(a, b Model) bool {
	return slices.Equal(a.Input, b.Input) && a.Ref == b.Ref && a.Provider == b.Provider && a.ID == b.ID && a.Name == b.Name &&
		a.API == b.API && a.ContextWindow == b.ContextWindow && a.MaxTokens == b.MaxTokens && a.Reasoning == b.Reasoning && a.Cost == b.Cost
}
