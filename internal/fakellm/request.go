package fakellm

import (
	"net/http"
	"strings"
	"time"
)

// Request is one request the server received.
type Request struct {
	// Index counts requests from 0 in arrival order.
	Index int
	// API is the API of the endpoint called (one of the API constants).
	API    string
	Path   string
	Header http.Header
	Raw    []byte
	// Body is the decoded JSON body.
	Body map[string]any
	// ReceivedAt is when the body had been read; FirstChunkAt is when the
	// first text chunk was flushed (zero when none was). Their difference
	// is the fake's own time to first token, which benchmarks subtract.
	ReceivedAt, FirstChunkAt time.Time
}

// Model is the model the request named.
func (r *Request) Model() string {
	s, _ := r.Body["model"].(string)
	return s
}

// System is the system prompt (instructions) the request carried.
func (r *Request) System() string {
	switch r.API {
	case APIOpenAIResponses:
		s, _ := r.Body["instructions"].(string)
		return s
	case APIAnthropicMessages:
		return textOf(r.Body["system"])
	}
	for _, m := range r.messages() {
		if m["role"] == "system" {
			return textOf(m["content"])
		}
	}
	return ""
}

// Messages returns the conversation as (role, text) pairs in order, the
// system prompt left out: text parts joined; a tool result as role "tool"
// with its output; an assistant tool call as role "toolCall" with the
// tool's name.
func (r *Request) Messages() [][2]string {
	var out [][2]string
	for _, m := range r.messages() {
		role, _ := m["role"].(string)
		switch {
		case role == "system":
		case m["type"] == "function_call":
			out = append(out, [2]string{"toolCall", str(m["name"])})
		case m["type"] == "function_call_output":
			out = append(out, [2]string{"tool", str(m["output"])})
		case role == "tool":
			out = append(out, [2]string{"tool", textOf(m["content"])})
		default:
			out = append(out, splitParts(role, m)...)
		}
	}
	return out
}

// LastUserText is the text of the last user message ("" for none).
func (r *Request) LastUserText() string {
	msgs := r.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i][0] == "user" {
			return msgs[i][1]
		}
	}
	return ""
}

// messages is the request's message list: messages or input.
func (r *Request) messages() []map[string]any {
	list, _ := r.Body["messages"].([]any)
	if r.API == APIOpenAIResponses {
		list, _ = r.Body["input"].([]any)
	}
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		if m, ok := m.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// splitParts turns one chat message into pairs: its text, then its tool
// calls (OpenAI tool_calls, Anthropic tool_use parts) and tool results
// (Anthropic tool_result parts).
func splitParts(role string, m map[string]any) [][2]string {
	var out [][2]string
	if t := textOf(m["content"]); t != "" || m["tool_calls"] == nil && !hasPart(m["content"], "tool_use", "tool_result") {
		out = append(out, [2]string{role, t})
	}
	calls, _ := m["tool_calls"].([]any)
	for _, c := range calls {
		if c, ok := c.(map[string]any); ok {
			f, _ := c["function"].(map[string]any)
			out = append(out, [2]string{"toolCall", str(f["name"])})
		}
	}
	parts, _ := m["content"].([]any)
	for _, p := range parts {
		p, _ := p.(map[string]any)
		switch p["type"] {
		case "tool_use":
			out = append(out, [2]string{"toolCall", str(p["name"])})
		case "tool_result":
			out = append(out, [2]string{"tool", textOf(p["content"])})
		}
	}
	return out
}

// hasPart reports whether content is a part list holding a part of one of
// the types.
func hasPart(content any, types ...string) bool {
	parts, _ := content.([]any)
	for _, p := range parts {
		if p, ok := p.(map[string]any); ok {
			for _, t := range types {
				if p["type"] == t {
					return true
				}
			}
		}
	}
	return false
}

// textOf joins the text of a content value: a string, or a list of parts
// with text (types text, input_text, output_text).
func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, p := range v {
			if p, ok := p.(map[string]any); ok {
				switch p["type"] {
				case "text", "input_text", "output_text":
					b.WriteString(str(p["text"]))
				}
			}
		}
		return b.String()
	}
	return ""
}

// str is v when it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}
