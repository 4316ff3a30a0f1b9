package fakellm

import (
	"encoding/json"
	"fmt"
)

// q is v as JSON.
func q(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// completions renders OpenAI Chat Completions chunks.
type completions struct{}

func (completions) chunk(s *stream, delta, finish string) {
	fin := "null"
	if finish != "" {
		fin = q(finish)
	}
	s.frame("", `{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"fake","choices":[{"index":0,"delta":`+delta+`,"finish_reason":`+fin+`}]}`)
}

func (c completions) start(s *stream) { c.chunk(s, `{"role":"assistant"}`, "") }

func (c completions) text(s *stream, d string) { c.chunk(s, `{"content":`+q(d)+`}`, "") }

// toolCalls sends each call in two chunks (id and name, then the
// arguments), as servers fragment them.
func (c completions) toolCalls(s *stream, calls []ToolCall) {
	for i, tc := range calls {
		c.chunk(s, fmt.Sprintf(`{"tool_calls":[{"index":%d,"id":%s,"type":"function","function":{"name":%s,"arguments":""}}]}`, i, q(tc.ID), q(tc.Name)), "")
		c.chunk(s, fmt.Sprintf(`{"tool_calls":[{"index":%d,"function":{"arguments":%s}}]}`, i, q(tc.Arguments)), "")
	}
}

func (completions) fail(s *stream, m string) {
	s.frame("", `{"error":{"message":`+q(m)+`,"type":"server_error"}}`)
}

func (c completions) end(s *stream, stop string, u *Usage) {
	finish := map[string]string{"stop": "stop", "length": "length", "toolUse": "tool_calls"}[stop]
	if finish == "" {
		finish = "stop"
	}
	c.chunk(s, `{}`, finish)
	if u != nil {
		s.frame("", fmt.Sprintf(`{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"fake","choices":[],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,"prompt_tokens_details":{"cached_tokens":%d}}}`,
			u.Input+u.CacheRead, u.Output, u.Input+u.CacheRead+u.Output, u.CacheRead))
	}
	s.frame("", "[DONE]")
}

// responses renders OpenAI Responses events.
type responses struct{ seq int }

func (r *responses) event(s *stream, name, body string) {
	r.seq++
	s.frame(name, fmt.Sprintf(`{"type":%s,"sequence_number":%d,%s}`, q(name), r.seq, body))
}

func (r *responses) response(status, extra string) string {
	return `"response":{"id":"resp-fake","object":"response","created_at":1,"status":"` + status + `","model":"fake","output":[]` + extra + `}`
}

func (r *responses) start(s *stream) { r.event(s, "response.created", r.response("in_progress", "")) }

func (r *responses) text(s *stream, d string) {
	r.event(s, "response.output_text.delta", `"item_id":"msg-fake","output_index":0,"content_index":0,"delta":`+q(d))
}

func (r *responses) toolCalls(s *stream, calls []ToolCall) {
	for i, tc := range calls {
		item := fmt.Sprintf(`{"type":"function_call","id":"fc-%d","call_id":%s,"name":%s,"arguments":%s,"status":"completed"}`, i, q(tc.ID), q(tc.Name), q(tc.Arguments))
		r.event(s, "response.output_item.done", fmt.Sprintf(`"output_index":%d,"item":%s`, i+1, item))
	}
}

func (r *responses) fail(s *stream, m string) {
	r.event(s, "error", `"code":"server_error","message":`+q(m))
}

func (r *responses) end(s *stream, stop string, u *Usage) {
	extra := ""
	if u != nil {
		extra = fmt.Sprintf(`,"usage":{"input_tokens":%d,"output_tokens":%d,"total_tokens":%d,"input_tokens_details":{"cached_tokens":%d},"output_tokens_details":{"reasoning_tokens":0}}`,
			u.Input+u.CacheRead, u.Output, u.Input+u.CacheRead+u.Output, u.CacheRead)
	}
	if stop == "length" {
		r.event(s, "response.incomplete", r.response("incomplete", `,"incomplete_details":{"reason":"max_output_tokens"}`+extra))
		return
	}
	r.event(s, "response.completed", r.response("completed", extra))
}

// anthropic renders Anthropic Messages events.
type anthropic struct{}

func (anthropic) start(s *stream) {
	s.frame("message_start", `{"type":"message_start","message":{"id":"msg-fake","type":"message","role":"assistant","model":"fake","content":[],"stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}`)
	s.frame("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
}

func (anthropic) text(s *stream, d string) {
	s.frame("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+q(d)+`}}`)
}

func (anthropic) toolCalls(s *stream, calls []ToolCall) {
	s.frame("content_block_stop", `{"type":"content_block_stop","index":0}`)
	for i, tc := range calls {
		n := i + 1
		s.frame("content_block_start", fmt.Sprintf(`{"type":"content_block_start","index":%d,"content_block":{"type":"tool_use","id":%s,"name":%s,"input":{}}}`, n, q(tc.ID), q(tc.Name)))
		s.frame("content_block_delta", fmt.Sprintf(`{"type":"content_block_delta","index":%d,"delta":{"type":"input_json_delta","partial_json":%s}}`, n, q(tc.Arguments)))
		s.frame("content_block_stop", fmt.Sprintf(`{"type":"content_block_stop","index":%d}`, n))
	}
}

func (anthropic) fail(s *stream, m string) {
	s.frame("error", `{"type":"error","error":{"type":"overloaded_error","message":`+q(m)+`}}`)
}

func (anthropic) end(s *stream, stop string, u *Usage) {
	reason := map[string]string{"stop": "end_turn", "length": "max_tokens", "toolUse": "tool_use"}[stop]
	if reason == "" {
		reason = "end_turn"
	}
	var in, out, cr, cw int64
	if u != nil {
		in, out, cr, cw = u.Input, u.Output, u.CacheRead, u.CacheWrite
	}
	s.frame("message_delta", fmt.Sprintf(`{"type":"message_delta","delta":{"stop_reason":%q,"stop_sequence":null},"usage":{"input_tokens":%d,"output_tokens":%d,"cache_read_input_tokens":%d,"cache_creation_input_tokens":%d}}`, reason, in, out, cr, cw))
	s.frame("message_stop", `{"type":"message_stop"}`)
}
