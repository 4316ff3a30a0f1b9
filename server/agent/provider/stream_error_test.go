package provider

import (
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
)

func TestErrorsInsideTheStreamFailTheTurn(t *testing.T) {
	cases := []struct {
		api, suffix string
		reply       fakellm.Reply
		want        string
	}{
		{APIOpenAICompletions, "/v1", sseReply(
			data(`{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}`),
			data(`{"error":{"message":"model overloaded","type":"server_error"}}`)), "model overloaded"},
		{APIOpenAIResponses, "/v1", sseReply(
			event("response.failed", `{"type":"response.failed","sequence_number":1,"response":{"id":"r","object":"response","created_at":1,"status":"failed","model":"m","output":[],"error":{"code":"server_error","message":"the model failed"}}}`)),
			"the model failed"},
		{APIOpenAIResponses, "/v1", sseReply(
			event("error", `{"type":"error","sequence_number":1,"code":"rate_limit","message":"too fast"}`)), "too fast"},
		{APIAnthropicMessages, "", sseReply(
			event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}`),
			event("error", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`)), "Overloaded"},
	}
	for _, c := range cases {
		t.Run(c.api+"/"+c.want, func(t *testing.T) {
			fake := newFakeLLM(t, c.reply)
			p, _ := newTestProvider(t, c.api, fake.URL+c.suffix, Config{})
			events := collect(t.Context(), p, hello())
			e := lastError(t, events)
			if e.Error() != c.want || events[len(events)-1].StopReason != StopError {
				t.Fatalf("error = %q, want %q (events %+v)", e.Error(), c.want, events)
			}
			if n := len(fake.Requests()); n != 1 {
				t.Fatalf("%d requests; an error inside a stream is not retried", n)
			}
		})
	}
}

func TestMalformedToolSchemaFailsBeforeSending(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, a.ok)
			p, _ := newTestProvider(t, a.api, fake.URL+a.suffix, Config{})
			req := hello()
			req.Tools = []Tool{{Name: "bad", Parameters: []byte(`{not json`)}}
			if e := lastError(t, collect(t.Context(), p, req)); !strings.HasPrefix(e.Error(), `invalid tool "bad"`) {
				t.Fatalf("error = %q", e.Error())
			}
			if n := len(fake.Requests()); n != 0 {
				t.Fatalf("%d requests sent with a malformed tool schema", n)
			}
		})
	}
}
