package openaihttp

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gatewire/gatewire/server/agent"
)

// chatRequest is the part of a chat completions request gatewire reads.
type chatRequest struct {
	Model         string         `json:"model"`
	Messages      []chatMessage  `json:"messages"`
	Stream        bool           `json:"stream"`
	StreamOptions *streamOptions `json:"stream_options"`
	User          string         `json:"user"`
}

// streamOptions are the stream options of a chat request.
type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// chatMessage is one message of a chat request; content is a string or
// an array of parts.
type chatMessage struct {
	Role    string          `json:"role"`
	Name    string          `json:"name"`
	Content json.RawMessage `json:"content"`
}

// noResponse is the answer text of a run that produced none (v3's).
const noResponse = "No response from OpenClaw."

// serveChatCompletions serves POST /v1/chat/completions.
func (s *Server) serveChatCompletions(w http.ResponseWriter, r *http.Request) {
	var req chatRequest
	if !readBody(w, r, &req) {
		return
	}
	model := req.Model
	if model == "" {
		model = modelDefault
	}
	t, msg := s.resolveTarget(r, model, req.User, "openai")
	if msg != "" {
		invalid(w, msg)
		return
	}
	p := chatPrompt(req.Messages)
	if p.message == "" {
		invalid(w, "Missing user message in `messages`.")
		return
	}
	runID := "chatcmpl_" + s.d.NewID()
	run, f, err := s.start(r.Context(), t, runID, p)
	if err != nil {
		s.d.Log.Warn("openai-compat: chat completion failed", "err", err)
		sendError(w, http.StatusInternalServerError, errAPI, "internal error")
		return
	}
	if req.Stream {
		s.streamChat(w, r, run, f, runID, model, req.StreamOptions != nil && req.StreamOptions.IncludeUsage)
		return
	}
	end := s.follow(r.Context(), f, run, func(agent.Update) {})
	switch {
	case errors.Is(end.Err, errClientGone):
		return
	case end.Err != nil:
		s.d.Log.Warn("openai-compat: chat completion failed", "run", runID, "err", end.Err)
		sendError(w, http.StatusInternalServerError, errAPI, "internal error")
		return
	}
	sendJSON(w, http.StatusOK, map[string]any{
		"id": runID, "object": "chat.completion", "created": s.d.Now().Unix(), "model": model,
		"choices": []any{map[string]any{
			"index": 0, "message": map[string]any{"role": "assistant", "content": answerText(end.Text)}, "finish_reason": "stop",
		}},
		"usage": chatUsage(end),
	})
}

// streamChat answers a chat request as SSE chunks: the assistant role,
// the text deltas, a stop chunk, the usage when asked, then [DONE]. A
// failed run ends with v3's "Error: internal error" chunk.
func (s *Server) streamChat(w http.ResponseWriter, r *http.Request, run *agent.Run, f *feed, runID, model string, withUsage bool) {
	sse := newSSE(w)
	chunk := func(delta map[string]any, finish any) {
		sse.data(map[string]any{
			"id": runID, "object": "chat.completion.chunk", "created": s.d.Now().Unix(), "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		})
	}
	chunk(map[string]any{"role": "assistant"}, nil)
	sawDelta := false
	end := s.follow(r.Context(), f, run, func(u agent.Update) {
		if u.Delta != "" {
			sawDelta = true
			chunk(map[string]any{"content": u.Delta}, nil)
		}
	})
	switch {
	case errors.Is(end.Err, errClientGone):
		return
	case end.Err != nil:
		s.d.Log.Warn("openai-compat: streaming chat completion failed", "run", runID, "err", end.Err)
		chunk(map[string]any{"content": "Error: internal error"}, "stop")
		end.Usage = nil
	default:
		if !sawDelta {
			chunk(map[string]any{"content": answerText(end.Text)}, nil)
		}
		chunk(map[string]any{}, "stop")
	}
	if withUsage {
		sse.data(map[string]any{
			"id": runID, "object": "chat.completion.chunk", "created": s.d.Now().Unix(), "model": model,
			"choices": []any{}, "usage": chatUsage(end),
		})
	}
	sse.done()
}

// chatPrompt builds the agent prompt of a chat request's messages.
func chatPrompt(msgs []chatMessage) prompt {
	var system []string
	var entries []entry
	for _, m := range msgs {
		role := strings.TrimSpace(m.Role)
		text := strings.TrimSpace(contentText(m.Content))
		switch role {
		case "system", "developer":
			if text != "" {
				system = append(system, text)
			}
			continue
		case "function":
			role = "tool"
		}
		if text == "" || (role != "user" && role != "assistant" && role != "tool") {
			continue
		}
		sender := map[string]string{"user": "User", "assistant": "Assistant", "tool": "Tool"}[role]
		if role == "tool" && strings.TrimSpace(m.Name) != "" {
			sender = "Tool:" + strings.TrimSpace(m.Name)
		}
		entries = append(entries, entry{role: role, sender: sender, body: text})
	}
	return buildPrompt(system, entries)
}

// contentText is the text of a message's content: the string, or the
// text parts of an array joined by newlines.
func contentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []map[string]any
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var out []string
	for _, p := range parts {
		typ, _ := p["type"].(string)
		text, hasText := p["text"].(string)
		inputText, hasInput := p["input_text"].(string)
		switch {
		case (typ == "text" || typ == "input_text") && hasText && text != "":
			out = append(out, text)
		case hasInput && inputText != "":
			out = append(out, inputText)
		}
	}
	return strings.Join(out, "\n")
}

// answerText is a run's answer, v3's placeholder when it is empty.
func answerText(text string) string {
	if strings.TrimSpace(text) == "" {
		return noResponse
	}
	return text
}

// chatUsage is a run's usage in chat completions' terms.
func chatUsage(u agent.Update) map[string]int64 {
	var in, out, cacheRead, total int64
	if u.Usage != nil {
		in, out, cacheRead, total = u.Usage.Input, u.Usage.Output, u.Usage.CacheRead, u.Usage.TotalTokens
	}
	prompt := max(in+cacheRead, 0)
	completion := max(out, 0)
	return map[string]int64{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": max(prompt+completion, total)}
}
