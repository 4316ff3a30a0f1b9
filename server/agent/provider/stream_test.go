package provider

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
)

// conversation is a turn after one tool round trip: it exercises every message and part kind.
func conversation() *Request {
	return &Request{
		Model:  "m",
		System: "You are terse.",
		Messages: []Message{
			{Role: RoleUser, Content: []Part{Text("what is in /tmp?")}},
			{Role: RoleAssistant, Content: []Part{
				Text("Let me look."),
				{Type: PartToolCall, ToolCall: ToolCall{ID: "call_1", Name: "exec", Arguments: `{"cmd":"ls"}`}},
			}},
			{Role: RoleTool, Content: []Part{{Type: PartToolResult, ToolCallID: "call_1", Text: "a.txt"}}},
		},
		Tools: []Tool{{
			Name: "exec", Description: "Run a command",
			Parameters: json.RawMessage(`{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"]}`),
		}},
	}
}

// wantEvents is what every API's scripted reply below must turn into.
func wantEvents(u Usage) []Event {
	return []Event{
		{Type: EventTextDelta, Text: "Hel"},
		{Type: EventTextDelta, Text: "lo"},
		{Type: EventToolCall, ToolCall: ToolCall{ID: "call_2", Name: "read", Arguments: `{"path":"a.txt"}`}},
		{Type: EventUsage, Usage: u},
		{Type: EventStop, StopReason: StopToolUse},
	}
}

// at walks a decoded JSON value by map keys and slice indexes.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, k := range path {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %v is not an object", path, v)
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				t.Fatalf("at %v: %v has no element %d", path, v, k)
			}
			v = s[k]
		}
	}
	return v
}

// expect compares a request field.
func expect(t *testing.T, body map[string]any, want any, path ...any) {
	t.Helper()
	if got := at(t, body, path...); !reflect.DeepEqual(got, want) {
		t.Errorf("request %v = %#v, want %#v", path, got, want)
	}
}

func TestOpenAICompletionsStreamsTextToolCallAndUsage(t *testing.T) {
	chunk := func(delta string) fakellm.Frame {
		return data(`{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":` + delta + `}]}`)
	}
	fake := newFakeLLM(t, sseReply(
		chunk(`{"role":"assistant","content":"Hel"}`),
		chunk(`{"content":"lo"}`),
		chunk(`{"tool_calls":[{"index":0,"id":"call_2","type":"function","function":{"name":"read","arguments":""}}]}`),
		chunk(`{"tool_calls":[{"index":0,"function":{"arguments":"{\"path\":"}}]}`),
		chunk(`{"tool_calls":[{"index":0,"function":{"arguments":"\"a.txt\"}"}}]}`),
		data(`{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`),
		data(`{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"prompt_tokens_details":{"cached_tokens":2}}}`),
		data(`[DONE]`),
	))
	p, _ := newTestProvider(t, APIOpenAICompletions, fake.URL+"/v1", Config{})

	got := collect(t.Context(), p, conversation())
	if want := wantEvents(Usage{InputTokens: 12, OutputTokens: 5, CacheReadTokens: 2, TotalTokens: 17}); !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %+v\nwant %+v", got, want)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/chat/completions" || reqs[0].Header.Get("Authorization") != "Bearer sk-test" {
		t.Fatalf("requests = %+v", reqs)
	}
	b := reqs[0].Body
	expect(t, b, "m", "model")
	expect(t, b, true, "stream")
	expect(t, b, true, "stream_options", "include_usage")
	expect(t, b, "system", "messages", 0, "role")
	expect(t, b, "You are terse.", "messages", 0, "content")
	expect(t, b, "what is in /tmp?", "messages", 1, "content")
	expect(t, b, "Let me look.", "messages", 2, "content")
	expect(t, b, "call_1", "messages", 2, "tool_calls", 0, "id")
	expect(t, b, "exec", "messages", 2, "tool_calls", 0, "function", "name")
	expect(t, b, `{"cmd":"ls"}`, "messages", 2, "tool_calls", 0, "function", "arguments")
	expect(t, b, "tool", "messages", 3, "role")
	expect(t, b, "call_1", "messages", 3, "tool_call_id")
	expect(t, b, "a.txt", "messages", 3, "content")
	expect(t, b, "exec", "tools", 0, "function", "name")
	expect(t, b, []any{"cmd"}, "tools", 0, "function", "parameters", "required")
}

func TestOpenAIResponsesStreamsTextToolCallAndUsage(t *testing.T) {
	resp := func(status, extra string) string {
		return `{"id":"r1","object":"response","created_at":1,"status":"` + status + `","model":"m","output":[]` + extra + `}`
	}
	fake := newFakeLLM(t, sseReply(
		event("response.created", `{"type":"response.created","sequence_number":0,"response":`+resp("in_progress", "")+`}`),
		event("response.output_text.delta", `{"type":"response.output_text.delta","sequence_number":1,"item_id":"m1","output_index":0,"content_index":0,"delta":"Hel"}`),
		event("response.output_text.delta", `{"type":"response.output_text.delta","sequence_number":2,"item_id":"m1","output_index":0,"content_index":0,"delta":"lo"}`),
		event("response.function_call_arguments.delta", `{"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc1","output_index":1,"delta":"{\"path\":"}`),
		event("response.output_item.done", `{"type":"response.output_item.done","sequence_number":4,"output_index":1,"item":{"type":"function_call","id":"fc1","call_id":"call_2","name":"read","arguments":"{\"path\":\"a.txt\"}","status":"completed"}}`),
		event("response.completed", `{"type":"response.completed","sequence_number":5,"response":`+resp("completed", `,"usage":{"input_tokens":12,"output_tokens":5,"total_tokens":17,"input_tokens_details":{"cached_tokens":2},"output_tokens_details":{"reasoning_tokens":0}}`)+`}`),
	))
	p, _ := newTestProvider(t, APIOpenAIResponses, fake.URL+"/v1", Config{})

	got := collect(t.Context(), p, conversation())
	if want := wantEvents(Usage{InputTokens: 12, OutputTokens: 5, CacheReadTokens: 2, TotalTokens: 17}); !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %+v\nwant %+v", got, want)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/responses" || reqs[0].Header.Get("Authorization") != "Bearer sk-test" {
		t.Fatalf("requests = %+v", reqs)
	}
	b := reqs[0].Body
	expect(t, b, "m", "model")
	expect(t, b, true, "stream")
	expect(t, b, false, "store")
	expect(t, b, "You are terse.", "instructions")
	expect(t, b, "user", "input", 0, "role")
	expect(t, b, "what is in /tmp?", "input", 0, "content")
	expect(t, b, "assistant", "input", 1, "role")
	expect(t, b, "function_call", "input", 2, "type")
	expect(t, b, "call_1", "input", 2, "call_id")
	expect(t, b, `{"cmd":"ls"}`, "input", 2, "arguments")
	expect(t, b, "function_call_output", "input", 3, "type")
	expect(t, b, "call_1", "input", 3, "call_id")
	expect(t, b, "a.txt", "input", 3, "output")
	expect(t, b, "exec", "tools", 0, "name")
	expect(t, b, "function", "tools", 0, "type")
}

func TestAnthropicMessagesStreamsTextToolCallAndUsage(t *testing.T) {
	delta := func(i, d string) fakellm.Frame {
		return event("content_block_delta", `{"type":"content_block_delta","index":`+i+`,"delta":`+d+`}`)
	}
	fake := newFakeLLM(t, sseReply(
		event("message_start", `{"type":"message_start","message":{"id":"msg1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":1}}}`),
		event("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`),
		delta("0", `{"type":"text_delta","text":"Hel"}`),
		delta("0", `{"type":"text_delta","text":"lo"}`),
		event("content_block_stop", `{"type":"content_block_stop","index":0}`),
		event("content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_2","name":"read","input":{}}}`),
		delta("1", `{"type":"input_json_delta","partial_json":"{\"path\":"}`),
		delta("1", `{"type":"input_json_delta","partial_json":"\"a.txt\"}"}`),
		event("content_block_stop", `{"type":"content_block_stop","index":1}`),
		event("message_delta", `{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":5}}`),
		event("message_stop", `{"type":"message_stop"}`),
	))
	p, _ := newTestProvider(t, APIAnthropicMessages, fake.URL, Config{})

	got := collect(t.Context(), p, conversation())
	if want := wantEvents(Usage{InputTokens: 12, OutputTokens: 5, TotalTokens: 17}); !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %+v\nwant %+v", got, want)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/messages" || reqs[0].Header.Get("X-Api-Key") != "sk-test" ||
		reqs[0].Header.Get("Authorization") != "Bearer sk-test" {
		t.Fatalf("requests = %+v", reqs)
	}
	b := reqs[0].Body
	expect(t, b, "m", "model")
	expect(t, b, true, "stream")
	expect(t, b, float64(DefaultMaxTokens), "max_tokens")
	expect(t, b, "You are terse.", "system", 0, "text")
	expect(t, b, "user", "messages", 0, "role")
	expect(t, b, "what is in /tmp?", "messages", 0, "content", 0, "text")
	expect(t, b, "assistant", "messages", 1, "role")
	expect(t, b, "tool_use", "messages", 1, "content", 1, "type")
	expect(t, b, "call_1", "messages", 1, "content", 1, "id")
	expect(t, b, "ls", "messages", 1, "content", 1, "input", "cmd")
	expect(t, b, "user", "messages", 2, "role")
	expect(t, b, "tool_result", "messages", 2, "content", 0, "type")
	expect(t, b, "call_1", "messages", 2, "content", 0, "tool_use_id")
	expect(t, b, "exec", "tools", 0, "name")
	expect(t, b, []any{"cmd"}, "tools", 0, "input_schema", "required")
}
