package openaihttp

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/transcript"
)

// responsesRequest is the part of a /v1/responses request gatewire reads.
type responsesRequest struct {
	Model              *string         `json:"model"`
	Input              json.RawMessage `json:"input"`
	Instructions       string          `json:"instructions"`
	Tools              json.RawMessage `json:"tools"`
	Stream             bool            `json:"stream"`
	User               string          `json:"user"`
	PreviousResponseID string          `json:"previous_response_id"`
}

// inputItem is one item of a responses input array.
type inputItem struct {
	Type    string          `json:"type"`
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
	CallID  string          `json:"call_id"`
	Output  string          `json:"output"`
}

// outputItem is the assistant message of a response.
type outputItem struct {
	Type    string       `json:"type"`
	ID      string       `json:"id"`
	Role    string       `json:"role"`
	Content []outputText `json:"content"`
	Phase   string       `json:"phase,omitempty"`
	Status  string       `json:"status"`
}

// outputText is a text part of an output item.
type outputText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// responseResource is a response object.
type responseResource struct {
	ID        string         `json:"id"`
	Object    string         `json:"object"`
	CreatedAt int64          `json:"created_at"`
	Status    string         `json:"status"`
	Model     string         `json:"model"`
	Output    []outputItem   `json:"output"`
	Usage     responsesUsage `json:"usage"`
	Error     *responseError `json:"error,omitempty"`
}

// responsesUsage is a response's token usage.
type responsesUsage struct {
	InputTokens  int64 `json:"input_tokens"`
	OutputTokens int64 `json:"output_tokens"`
	TotalTokens  int64 `json:"total_tokens"`
}

// responseError is the error of a failed response.
type responseError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// serveResponses serves POST /v1/responses.
func (s *Server) serveResponses(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage
	if !readBody(w, r, &raw) {
		return
	}
	if msg := unknownKeys(raw); msg != "" {
		invalid(w, msg)
		return
	}
	var req responsesRequest
	b, _ := json.Marshal(raw) // re-encoding decoded JSON cannot fail
	if err := json.Unmarshal(b, &req); err != nil {
		invalid(w, jsonProblem(err))
		return
	}
	p, msg := responsesPrompt(req)
	if msg != "" {
		invalid(w, msg)
		return
	}
	model := *req.Model
	t, msg := s.resolveTarget(r, model, req.User, "openresponses")
	if msg != "" {
		invalid(w, msg)
		return
	}
	if key, ok := s.sessions.lookup(req.PreviousResponseID, t.agentID, s.d.Now()); ok && r.Header.Get("X-Openclaw-Session-Key") == "" {
		t.sessionKey = key
	}
	if p.message == "" {
		invalid(w, "Missing user message in `input`.")
		return
	}
	respID := "resp_" + s.d.NewID()
	item := outputItem{Type: "message", ID: "msg_" + s.d.NewID(), Role: "assistant", Content: []outputText{{Type: "output_text"}}}
	run, f, err := s.start(r.Context(), t, respID, p)
	if err != nil {
		s.d.Log.Warn("openresponses: response failed", "err", err)
		s.sendFailedResponse(w, respID, model)
		return
	}
	remember := func() { s.sessions.store(respID, t.sessionKey, t.agentID, s.d.Now()) }
	if req.Stream {
		s.streamResponse(w, r, run, f, respID, model, item, remember)
		return
	}
	end := s.follow(r.Context(), f, run, func(agent.Update) {})
	switch {
	case errors.Is(end.Err, errClientGone):
		return
	case end.Err != nil:
		s.d.Log.Warn("openresponses: response failed", "run", respID, "err", end.Err)
		remember()
		s.sendFailedResponse(w, respID, model)
		return
	}
	item.Content[0].Text, item.Phase, item.Status = answerText(end.Text), "final_answer", "completed"
	remember()
	sendJSON(w, http.StatusOK, s.resource(respID, model, "completed", []outputItem{item}, end.Usage))
}

// streamResponse answers as SSE events in v3's order: response.created,
// response.in_progress, response.output_item.added,
// response.content_part.added, response.output_text.delta…,
// response.output_text.done, response.content_part.done,
// response.output_item.done, response.completed, then [DONE]. A failed
// run ends with response.failed and [DONE].
func (s *Server) streamResponse(w http.ResponseWriter, r *http.Request, run *agent.Run, f *feed, respID, model string, item outputItem, remember func()) {
	sse := newSSE(w)
	ev := func(typ string, fields map[string]any) {
		fields["type"] = typ
		sse.event(typ, fields)
	}
	initial := s.resource(respID, model, "in_progress", []outputItem{}, nil)
	ev("response.created", map[string]any{"response": initial})
	ev("response.in_progress", map[string]any{"response": initial})
	item.Status = "in_progress"
	ev("response.output_item.added", map[string]any{"output_index": 0, "item": item})
	part := func(text string) map[string]any {
		return map[string]any{"item_id": item.ID, "output_index": 0, "content_index": 0, "part": outputText{Type: "output_text", Text: text}}
	}
	ev("response.content_part.added", part(""))
	var text strings.Builder
	end := s.follow(r.Context(), f, run, func(u agent.Update) {
		if u.Delta == "" {
			return
		}
		text.WriteString(u.Delta)
		ev("response.output_text.delta", map[string]any{"item_id": item.ID, "output_index": 0, "content_index": 0, "delta": u.Delta})
	})
	switch {
	case errors.Is(end.Err, errClientGone):
		return
	case end.Err != nil:
		s.d.Log.Warn("openresponses: streaming response failed", "run", respID, "err", end.Err)
		remember()
		failed := s.resource(respID, model, "failed", []outputItem{}, nil)
		failed.Error = &responseError{Code: "api_error", Message: "internal error"}
		ev("response.failed", map[string]any{"response": failed})
		sse.done()
		return
	}
	final := text.String()
	if final == "" {
		final = answerText(end.Text)
		ev("response.output_text.delta", map[string]any{"item_id": item.ID, "output_index": 0, "content_index": 0, "delta": final})
	}
	ev("response.output_text.done", map[string]any{"item_id": item.ID, "output_index": 0, "content_index": 0, "text": final})
	ev("response.content_part.done", part(final))
	item.Content = []outputText{{Type: "output_text", Text: final}}
	item.Phase, item.Status = "final_answer", "completed"
	ev("response.output_item.done", map[string]any{"output_index": 0, "item": item})
	remember()
	ev("response.completed", map[string]any{"response": s.resource(respID, model, "completed", []outputItem{item}, end.Usage)})
	sse.done()
}

// resource builds a response object.
func (s *Server) resource(id, model, status string, output []outputItem, u *transcript.Usage) responseResource {
	res := responseResource{ID: id, Object: "response", CreatedAt: s.d.Now().Unix(), Status: status, Model: model, Output: output}
	if u != nil {
		total := u.TotalTokens
		if total == 0 {
			total = u.Input + u.Output + u.CacheRead + u.CacheWrite
		}
		res.Usage = responsesUsage{InputTokens: max(u.Input, 0), OutputTokens: max(u.Output, 0), TotalTokens: max(total, 0)}
	}
	return res
}

// sendFailedResponse answers 500 with a failed response object.
func (s *Server) sendFailedResponse(w http.ResponseWriter, id, model string) {
	res := s.resource(id, model, "failed", []outputItem{}, nil)
	res.Error = &responseError{Code: "api_error", Message: "internal error"}
	sendJSON(w, http.StatusInternalServerError, res)
}

// responsesPrompt checks a responses request and builds its prompt:
// instructions and system/developer items become the extra system
// prompt; messages and function call outputs the conversation. msg is
// the 400 message of a malformed request.
func responsesPrompt(req responsesRequest) (p prompt, msg string) {
	switch {
	case req.Model == nil:
		return p, "model: Invalid input: expected string, received undefined"
	case len(req.Input) == 0 || string(req.Input) == "null":
		return p, "input: Invalid input"
	case len(req.Tools) > 0 && string(req.Tools) != "null" && string(req.Tools) != "[]":
		return p, "invalid tool configuration: gatewire does not run client tools"
	}
	var system []string
	if strings.TrimSpace(req.Instructions) != "" {
		system = append(system, req.Instructions)
	}
	var text string
	if json.Unmarshal(req.Input, &text) == nil {
		return prompt{message: text, extraSystem: strings.Join(system, "\n\n")}, ""
	}
	var items []inputItem
	if err := json.Unmarshal(req.Input, &items); err != nil {
		return p, "input: Invalid input"
	}
	var entries []entry
	for _, it := range items {
		switch it.Type {
		case "", "message":
			body := strings.TrimSpace(responsesText(it.Content))
			if body == "" {
				continue
			}
			if it.Role == "system" || it.Role == "developer" {
				system = append(system, body)
				continue
			}
			if it.Role == "assistant" {
				entries = append(entries, entry{role: "assistant", sender: "Assistant", body: body})
			} else {
				entries = append(entries, entry{role: "user", sender: "User", body: body})
			}
		case "function_call_output":
			entries = append(entries, entry{role: "tool", sender: "Tool:" + it.CallID, body: it.Output})
		}
	}
	return buildPrompt(system, entries), ""
}

// responsesText is the text of an input message's content: the string,
// or its input_text and output_text parts joined by newlines.
func responsesText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	_ = json.Unmarshal(raw, &parts)
	var out []string
	for _, p := range parts {
		if (p.Type == "input_text" || p.Type == "output_text") && p.Text != "" {
			out = append(out, p.Text)
		}
	}
	return strings.Join(out, "\n")
}

// responsesKeys are the keys a /v1/responses body may have (v3's schema
// is strict).
var responsesKeys = map[string]bool{
	"model": true, "input": true, "instructions": true, "tools": true, "tool_choice": true, "stream": true,
	"max_output_tokens": true, "max_tool_calls": true, "user": true, "temperature": true, "top_p": true,
	"metadata": true, "store": true, "previous_response_id": true, "reasoning": true, "truncation": true,
}

// unknownKeys is v3's message for body keys its schema does not define,
// "" when there are none.
func unknownKeys(body map[string]json.RawMessage) string {
	var unknown []string
	for k := range body {
		if !responsesKeys[k] {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	switch len(unknown) {
	case 0:
		return ""
	case 1:
		return ": Unrecognized key: " + unknown[0]
	}
	sort.Strings(unknown)
	return ": Unrecognized keys: " + strings.Join(unknown, ", ")
}
