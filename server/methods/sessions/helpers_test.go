package sessions_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/transcript"
)

type obj = map[string]any

// env is a real gateway on loopback.
type env struct {
	t *testing.T
	g *gatewaytest.Gateway
}

func start(t *testing.T, o gatewaytest.Options) *env {
	t.Helper()
	return &env{t: t, g: gatewaytest.Start(t, o)}
}

// operator connects a local backend operator with scopes.
func (e *env) operator(scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	return e.g.Operator(e.t, scopes...)
}

// admin connects an operator with operator.admin.
func (e *env) admin() *gatewaytest.Client { return e.operator("operator.admin") }

// seed appends msgs to key through the gateway's own transcript store
// (what the agent runtime does during a run).
func (e *env) seed(key string, msgs ...transcript.Message) []string {
	e.t.Helper()
	ids, err := e.g.Transcripts().Append(context.Background(), key, msgs...)
	if err != nil {
		e.t.Fatal(err)
	}
	return ids
}

func user(text string, ts int64) transcript.Message {
	return transcript.Message{Role: transcript.RoleUser, Content: []transcript.Part{{Type: transcript.PartText, Text: text}}, Timestamp: ts}
}

func assistant(text string, ts int64, usage *transcript.Usage) transcript.Message {
	return transcript.Message{Role: transcript.RoleAssistant, Content: []transcript.Part{{Type: transcript.PartText, Text: text}},
		Timestamp: ts, API: "openai-completions", Provider: "fake", Model: "fake-model", StopReason: "stop",
		ResponseID: "chatcmpl-fake-4", Usage: usage}
}

// wantError fails unless f is a failed response with code and message.
func wantError(t *testing.T, f gatewaytest.Frame, code, message string) {
	t.Helper()
	if f.OK || f.Error == nil || f.Error.Code != code || f.Error.Message != message {
		t.Fatalf("want %s %q, got %s", code, message, f.Raw)
	}
}

// decode decodes raw JSON into a generic value.
func decode(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// history calls chat.history and returns its messages as generic objects.
func history(t *testing.T, c *gatewaytest.Client, params obj) (protocol.ChatHistoryResult, []obj) {
	t.Helper()
	var res protocol.ChatHistoryResult
	c.Result("chat.history", params, &res)
	out := make([]obj, len(res.Messages))
	for i, m := range res.Messages {
		b, _ := json.Marshal(m)
		out[i] = decode(t, b).(obj)
	}
	return res, out
}
