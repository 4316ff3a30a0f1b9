package openaihttp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// env is a real gateway whose one provider is an in-process fake LLM.
type env struct {
	g   *gatewaytest.Gateway
	llm *fakellm.Server
	ai  openai.Client
}

// start runs a gateway configured (in OpenClaw's format) with the fake
// LLM as its OpenAI-compatible provider and both endpoints on.
func start(t *testing.T, replies ...fakellm.Reply) *env {
	t.Helper()
	return startWith(t, `"chatCompletions": { "enabled": true }, "responses": { "enabled": true }`, replies...)
}

func startWith(t *testing.T, endpoints string, replies ...fakellm.Reply) *env {
	t.Helper()
	llm := fakellm.Start(t, replies...)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: fmt.Sprintf(`{
  "models": { "mode": "merge", "providers": { "fake": {
    "baseUrl": %q, "apiKey": "sk-fake", "api": "openai-completions",
    "models": [ { "id": "fake-model", "name": "Fake Model", "reasoning": false, "input": ["text"], "contextWindow": 128000, "maxTokens": 4096 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" } }, "list": [ { "id": "main", "default": true }, { "id": "ops" } ] },
  "gateway": { "http": { "endpoints": { %s } } }
}`, llm.BaseURL(fakellm.APIOpenAICompletions), endpoints)})
	ai := openai.NewClient(option.WithBaseURL(g.HTTPURL+"/v1/"), option.WithAPIKey(g.Token), option.WithMaxRetries(0))
	return &env{g: g, llm: llm, ai: ai}
}

func TestChatCompletionWithTheOfficialClient(t *testing.T) {
	e := start(t, fakellm.Reply{Chunks: []string{"Hello", " there"}, Usage: &fakellm.Usage{Input: 12, Output: 3}})
	res, err := e.ai.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: "openclaw",
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("Answer briefly."),
			openai.UserMessage("hi"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.ID, "chatcmpl_") || res.Object != "chat.completion" || res.Model != "openclaw" || len(res.Choices) != 1 ||
		res.Choices[0].Message.Content != "Hello there" || res.Choices[0].FinishReason != "stop" || res.Choices[0].Message.Role != "assistant" {
		t.Fatalf("completion = %s", res.RawJSON())
	}
	if res.Usage.PromptTokens != 12 || res.Usage.CompletionTokens != 3 || res.Usage.TotalTokens != 15 {
		t.Fatalf("usage = %+v", res.Usage)
	}
	reqs := e.llm.Requests()
	if len(reqs) != 1 || reqs[0].Model() != "fake-model" || !strings.HasSuffix(reqs[0].LastUserText(), "hi") ||
		!strings.Contains(reqs[0].System(), "Answer briefly.") || reqs[0].Header.Get("Authorization") != "Bearer sk-fake" {
		t.Fatalf("provider saw %d requests: model %q, user %q, system %q", len(reqs), reqs[0].Model(), reqs[0].LastUserText(), reqs[0].System())
	}
}

func TestChatCompletionStreamsInV3Order(t *testing.T) {
	e := start(t, fakellm.Text("one ", "two ", "three"))
	stream := e.ai.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model: "openclaw/ops", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("count")},
	})
	var deltas []string
	var roles, finishes []string
	id := ""
	for stream.Next() {
		c := stream.Current()
		if c.Object != "chat.completion.chunk" || c.Model != "openclaw/ops" || len(c.Choices) != 1 {
			t.Fatalf("chunk = %s", c.RawJSON())
		}
		if id == "" {
			id = c.ID
		} else if c.ID != id {
			t.Fatalf("chunk ids differ: %s, %s", id, c.ID)
		}
		ch := c.Choices[0]
		if ch.Delta.Role != "" {
			roles = append(roles, ch.Delta.Role)
		}
		if ch.Delta.Content != "" {
			deltas = append(deltas, ch.Delta.Content)
		}
		if ch.FinishReason != "" {
			finishes = append(finishes, ch.FinishReason)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(roles, []string{"assistant"}) || strings.Join(deltas, "") != "one two three" || !slices.Equal(finishes, []string{"stop"}) {
		t.Fatalf("roles %q deltas %q finishes %q", roles, deltas, finishes)
	}
}

func TestChatCompletionStreamReportsUsageWhenAsked(t *testing.T) {
	e := start(t, fakellm.Reply{Chunks: []string{"ok"}, Usage: &fakellm.Usage{Input: 5, Output: 1}})
	stream := e.ai.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model: "openclaw", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	acc := openai.ChatCompletionAccumulator{}
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if acc.Choices[0].Message.Content != "ok" || acc.Usage.PromptTokens != 5 || acc.Usage.TotalTokens != 6 {
		t.Fatalf("accumulated = %+v usage %+v", acc.Choices, acc.Usage)
	}
}

func TestConversationAndSessionsAsV3(t *testing.T) {
	e := start(t, fakellm.Text("first"), fakellm.Text("second"), fakellm.Text("third"))
	ask := func(user string, msgs ...openai.ChatCompletionMessageParamUnion) {
		t.Helper()
		p := openai.ChatCompletionNewParams{Model: "openclaw", Messages: msgs}
		if user != "" {
			p.User = openai.String(user)
		}
		if _, err := e.ai.Chat.Completions.New(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	// Earlier turns of the request travel inside the one user message.
	ask("", openai.UserMessage("what is 2+2?"), openai.AssistantMessage("4"), openai.UserMessage("and 3+3?"))
	want := "[Chat messages since your last reply - for context]\nUser: what is 2+2?\nAssistant: 4\n\n[Current message - respond to this]\nUser: and 3+3?"
	if got := e.llm.Requests()[0].LastUserText(); !strings.HasSuffix(got, want) {
		t.Fatalf("user message =\n%s\nwant suffix\n%s", got, want)
	}
	// The same OpenAI user shares one session: its history reaches the model.
	ask("alice", openai.UserMessage("remember me"))
	ask("alice", openai.UserMessage("again"))
	msgs := e.llm.Requests()[2].Messages()
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m[0]+":"+m[1])
	}
	joined := strings.Join(texts, "|")
	if !strings.Contains(joined, "remember me") || !strings.Contains(joined, "assistant:second") {
		t.Fatalf("the second turn of user alice did not see the first: %s", joined)
	}
}

func TestResponsesWithTheOfficialClient(t *testing.T) {
	e := start(t, fakellm.Reply{Chunks: []string{"Bonjour"}, Usage: &fakellm.Usage{Input: 7, Output: 2}}, fakellm.Text("encore"))
	res, err := e.ai.Responses.New(context.Background(), responses.ResponseNewParams{
		Model: "openclaw", Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("say hi in French")},
		Instructions: openai.String("Be French."),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.ID, "resp_") || res.Status != "completed" || res.OutputText() != "Bonjour" || res.Usage.InputTokens != 7 || res.Usage.TotalTokens != 9 {
		t.Fatalf("response = %s", res.RawJSON())
	}
	if !strings.Contains(e.llm.Requests()[0].System(), "Be French.") {
		t.Fatalf("instructions not in the system prompt: %q", e.llm.Requests()[0].System())
	}
	// previous_response_id continues the session.
	if _, err := e.ai.Responses.New(context.Background(), responses.ResponseNewParams{
		Model: "openclaw", Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("again")}, PreviousResponseID: openai.String(res.ID),
	}); err != nil {
		t.Fatal(err)
	}
	if joined := fmt.Sprint(e.llm.Requests()[1].Messages()); !strings.Contains(joined, "Bonjour") {
		t.Fatalf("previous_response_id lost the session: %s", joined)
	}
}

func TestResponsesStreamInV3Order(t *testing.T) {
	e := start(t, fakellm.Text("a", "b"))
	stream := e.ai.Responses.NewStreaming(context.Background(), responses.ResponseNewParams{
		Model: "openclaw", Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("hi")},
	})
	var types []string
	text := ""
	for stream.Next() {
		ev := stream.Current()
		if len(types) == 0 || types[len(types)-1] != ev.Type {
			types = append(types, ev.Type)
		}
		if ev.Type == "response.completed" {
			text = ev.Response.OutputText()
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
		"response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"}
	if !slices.Equal(types, want) || text != "ab" {
		t.Fatalf("events %q text %q", types, text)
	}
}

func TestModelsAreAgentTargets(t *testing.T) {
	e := start(t)
	page, err := e.ai.Models.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range page.Data {
		ids = append(ids, m.ID)
		if m.Object != "model" || m.OwnedBy != "openclaw" {
			t.Fatalf("model = %s", m.RawJSON())
		}
	}
	if want := []string{"openclaw", "openclaw/default", "openclaw/main", "openclaw/ops"}; !slices.Equal(ids, want) {
		t.Fatalf("ids = %q, want %q", ids, want)
	}
	m, err := e.ai.Models.Get(context.Background(), "openclaw/ops")
	if err != nil || m.ID != "openclaw/ops" {
		t.Fatalf("get = %v, %v", m, err)
	}
	_, err = e.ai.Models.Get(context.Background(), "openclaw/nobody")
	var apiErr *openai.Error
	if !asAPIError(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || !strings.Contains(apiErr.Message, "Model 'openclaw/nobody' not found.") {
		t.Fatalf("unknown model: %v", err)
	}
}

func TestErrorsAreV3s(t *testing.T) {
	e := start(t, fakellm.Fail(http.StatusBadRequest, "bad schema"))
	cases := []struct {
		name, method, path, auth, body string
		status                         int
		want                           string
	}{
		{"no token", "POST", "/v1/chat/completions", "", `{}`, 401, `{"error":{"message":"Unauthorized","type":"unauthorized"}}`},
		{"wrong token", "GET", "/v1/models", "Bearer nope", ``, 401, `{"error":{"message":"Unauthorized","type":"unauthorized"}}`},
		{"GET completions", "GET", "/v1/chat/completions", "", ``, 405, `Method Not Allowed`},
		{"bad model", "POST", "/v1/chat/completions", "ok", `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}`, 400,
			`{"error":{"message":"Invalid ` + "`model`" + `. Use ` + "`openclaw`" + ` or ` + "`openclaw/<agentId>`" + `.","type":"invalid_request_error"}}`},
		{"no user message", "POST", "/v1/chat/completions", "ok", `{"model":"openclaw","messages":[{"role":"system","content":"x"}]}`, 400,
			`{"error":{"message":"Missing user message in ` + "`messages`" + `.","type":"invalid_request_error"}}`},
		{"no input", "POST", "/v1/responses", "ok", `{"model":"openclaw","input":[]}`, 400,
			`{"error":{"message":"Missing user message in ` + "`input`" + `.","type":"invalid_request_error"}}`},
		{"unknown backend model", "POST", "/v1/chat/completions", "ok", `{"messages":[{"role":"user","content":"hi"}]}`, 400, `not allowed for agent 'main'`},
		{"not JSON", "POST", "/v1/chat/completions", "ok", `{"messages":`, 400, `{"error":{"message":"Unexpected end of JSON input","type":"invalid_request_error"}}`},
		{"responses without model", "POST", "/v1/responses", "ok", `{"input":"hi"}`, 400,
			`{"error":{"message":"model: Invalid input: expected string, received undefined","type":"invalid_request_error"}}`},
		{"responses without input", "POST", "/v1/responses", "ok", `{"model":"openclaw"}`, 400, `{"error":{"message":"input: Invalid input","type":"invalid_request_error"}}`},
		{"responses unknown key", "POST", "/v1/responses", "ok", `{"model":"openclaw","input":"x","bogus":1}`, 400,
			`{"error":{"message":": Unrecognized key: \"bogus\"","type":"invalid_request_error"}}`},
		{"responses model not a string", "POST", "/v1/responses", "ok", `{"model":5,"input":"x"}`, 400, `model: Invalid input: expected string, received number`},
		{"provider failure", "POST", "/v1/chat/completions", "ok", `{"model":"openclaw","messages":[{"role":"user","content":"hi"}]}`, 500,
			`{"error":{"message":"internal error","type":"api_error"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, e.g.HTTPURL+tc.path, strings.NewReader(tc.body))
			if tc.auth == "ok" {
				req.Header.Set("Authorization", "Bearer "+e.g.Token)
			} else if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			if tc.name == "unknown backend model" {
				req.Header.Set("X-Openclaw-Model", "fake2/other")
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
				t.Fatalf("%d %s, want %d %s", res.StatusCode, body, tc.status, tc.want)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Fatalf("headers = %v", res.Header)
			}
			if tc.status == 405 && res.Header.Get("Allow") != "POST" {
				t.Fatalf("Allow = %q", res.Header.Get("Allow"))
			}
		})
	}
}

func TestStreamedFailureEndsWithV3sErrorChunk(t *testing.T) {
	e := start(t, fakellm.Fail(http.StatusBadRequest, "bad schema"))
	req, _ := http.NewRequest("POST", e.g.HTTPURL+"/v1/chat/completions", strings.NewReader(`{"model":"openclaw","stream":true,"messages":[{"role":"user","content":"hi"}]}`))
	req.Header.Set("Authorization", "Bearer "+e.g.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "text/event-stream; charset=utf-8" {
		t.Fatalf("%d %s", res.StatusCode, ct)
	}
	var data []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			data = append(data, d)
		}
	}
	if len(data) != 3 || data[2] != "[DONE]" || !strings.Contains(data[1], `"delta":{"content":"Error: internal error"},"finish_reason":"stop"`) {
		t.Fatalf("stream = %q", data)
	}
}

func TestDisabledEndpointsAreNotThere(t *testing.T) {
	e := startWith(t, `"responses": { "enabled": true }`)
	for path, want := range map[string]int{"/v1/chat/completions": 404, "/v1/responses": 401, "/v1/models": 401} {
		method := "POST"
		if path == "/v1/models" {
			method = "GET"
		}
		req, _ := http.NewRequest(method, e.g.HTTPURL+path, strings.NewReader(`{}`))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s = %d, want %d", path, res.StatusCode, want)
		}
	}
}

// asAPIError unwraps the client's API error.
func asAPIError(err error, out **openai.Error) bool {
	if err == nil {
		return false
	}
	e, ok := err.(*openai.Error)
	if ok {
		*out = e
	}
	return ok
}

func TestAClientThatGoesAwayAbortsItsRun(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	e := start(t, fakellm.Reply{Chunks: []string{"partial", " never"}, Hold: hold, HoldAfter: 1})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream := e.ai.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model: "openclaw", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
	})
	for stream.Next() {
		if stream.Current().Choices[0].Delta.Content == "partial" {
			cancel()
			break
		}
	}
	stream.Close()
	select {
	case <-e.llm.Gone():
	case <-time.After(gatewaytest.Wait):
		t.Fatal("the provider stream was not cancelled when the HTTP client went away")
	}
}

// TestHTTPRunsShowOnTheWebSocket: an HTTP request is an ordinary run in
// session agent:<agentId>:openai:<uuid>, whose chat events reach
// WebSocket operators as v3's do.
func TestHTTPRunsShowOnTheWebSocket(t *testing.T) {
	e := start(t, fakellm.Text("seen"))
	ws := e.g.Operator(t, "operator.read")
	if _, err := e.ai.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: "openclaw/ops", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
	}); err != nil {
		t.Fatal(err)
	}
	for {
		ev := ws.NextEvent("chat")
		var chat struct {
			RunID, SessionKey, State string
		}
		if err := json.Unmarshal(ev.Payload, &chat); err != nil {
			t.Fatal(err)
		}
		if chat.State != "final" {
			continue
		}
		if !strings.HasPrefix(chat.RunID, "chatcmpl_") || !strings.HasPrefix(chat.SessionKey, "agent:ops:openai:") {
			t.Fatalf("chat final = %s", ev.Raw)
		}
		return
	}
}
