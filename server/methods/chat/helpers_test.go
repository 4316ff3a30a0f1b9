package chat_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// Scopes of the test operators.
const (
	read  = string(protocol.OperatorScopeRead)
	write = string(protocol.OperatorScopeWrite)
	admin = string(protocol.OperatorScopeAdmin)
)

// providerConfig is an OpenClaw-format config with one provider "fake"
// (model fake/fake-model, the default) served by the fake LLM over api.
func providerConfig(fake *fakellm.Server, api string) string {
	return fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": %q,
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000, "maxTokens": 4096,
                  "cost": {"input": 1, "output": 2, "cacheRead": 0, "cacheWrite": 0} },
                { "id": "other-model", "name": "Other Model", "contextWindow": 64000 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" } } }
}`, fake.BaseURL(api), api)
}

// env is a real gateway on loopback whose model is a fake LLM server.
type env struct {
	t    *testing.T
	g    *gatewaytest.Gateway
	fake *fakellm.Server
}

// start runs a gateway over a fake LLM speaking api, answering replies.
func start(t *testing.T, api string, replies ...fakellm.Reply) *env {
	t.Helper()
	fake := fakellm.Start(t, replies...)
	return &env{t: t, fake: fake, g: gatewaytest.Start(t, gatewaytest.Options{Config: providerConfig(fake, api)})}
}

// operator connects a backend operator with scopes.
func (e *env) operator(scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	return e.operatorWith(nil, scopes...)
}

// operatorWith connects an operator declaring caps.
func (e *env) operatorWith(caps []string, scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleOperator), scopes...)
	p.Caps = caps
	c.MustConnect(p)
	e.t.Cleanup(c.CloseNow)
	return c
}

// runEvent is one agent or chat event of a run, decoded.
type runEvent struct {
	Event      string
	FrameSeq   int64
	RunID      string `json:"runId"`
	Seq        int64  `json:"seq"`
	Stream     string `json:"stream"`
	State      string `json:"state"`
	StopReason string `json:"stopReason"`
	ErrorMsg   string `json:"errorMessage"`
	SessionKey string `json:"sessionKey"`
	Data       map[string]any
	Message    *struct {
		Role    string `json:"role"`
		Content []struct {
			Type, Text string
		} `json:"content"`
	} `json:"message"`
}

// label is "event/stream-or-state[:phase]@seq".
func (ev runEvent) label() string {
	kind := ev.Stream
	if ev.Event == "chat" {
		kind = ev.State
	}
	if p, ok := ev.Data["phase"].(string); ok {
		kind += ":" + p
	}
	return fmt.Sprintf("%s/%s@%d", ev.Event, kind, ev.Seq)
}

// text is the text of the event's message.
func (ev runEvent) text() string {
	if ev.Message == nil {
		return ""
	}
	var b strings.Builder
	for _, c := range ev.Message.Content {
		b.WriteString(c.Text)
	}
	return b.String()
}

// decodeRunEvent decodes an agent or chat event frame.
func decodeRunEvent(t *testing.T, f gatewaytest.Frame) runEvent {
	t.Helper()
	var ev runEvent
	if err := json.Unmarshal(f.Payload, &ev); err != nil {
		t.Fatalf("event %s: %v", f.Raw, err)
	}
	ev.Event = f.Event
	if f.Seq != nil {
		ev.FrameSeq = *f.Seq
	}
	return ev
}

// isRunEvent reports whether f is an agent or chat event of run id.
func isRunEvent(f *gatewaytest.Frame, id string) bool {
	if !f.IsEvent("agent") && !f.IsEvent("chat") {
		return false
	}
	var p struct {
		RunID string `json:"runId"`
	}
	return json.Unmarshal(f.Payload, &p) == nil && p.RunID == id
}

// until reads run id's events until one that ends it (chat final, error
// or aborted; the lifecycle end of an aborted run follows its chat
// aborted, so it is read too) and returns them in order.
func until(t *testing.T, c *gatewaytest.Client, id string) []runEvent {
	t.Helper()
	var out []runEvent
	for {
		ev := decodeRunEvent(t, c.Next("event of run "+id, func(f *gatewaytest.Frame) bool { return isRunEvent(f, id) }))
		out = append(out, ev)
		switch {
		case ev.Event == "chat" && (ev.State == "final" || ev.State == "error"):
			return out
		case ev.Event == "agent" && ev.Stream == "lifecycle" && ev.Data["aborted"] == true:
			return out
		}
	}
}

// labels are the events' labels in order.
func labels(evs []runEvent) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.label()
	}
	return out
}

// payload decodes a response's payload into a map.
func payload(t *testing.T, f gatewaytest.Frame) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(f.Payload, &m); err != nil {
		t.Fatalf("payload of %s: %v", f.Raw, err)
	}
	return m
}
