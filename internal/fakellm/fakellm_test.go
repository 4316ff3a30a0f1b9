package fakellm_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/agent/provider"
)

var apis = []string{fakellm.APIOpenAICompletions, fakellm.APIOpenAIResponses, fakellm.APIAnthropicMessages}

// newProvider is a real provider of api against the fake.
func newProvider(t *testing.T, s *fakellm.Server, api string) provider.Provider {
	t.Helper()
	p, err := provider.New(provider.Config{API: api, BaseURL: s.BaseURL(api), APIKey: "sk-test"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// turn is a request with a system prompt, one user message and a tool.
func turn(text string) *provider.Request {
	return &provider.Request{Model: "fake-model", System: "be terse",
		Messages: []provider.Message{{Role: provider.RoleUser, Content: []provider.Part{provider.Text(text)}}},
		Tools:    []provider.Tool{{Name: "read", Description: "reads", Parameters: []byte(`{"type":"object"}`)}}}
}

func collect(ctx context.Context, p provider.Provider, req *provider.Request) []provider.Event {
	var out []provider.Event
	for e := range p.Stream(ctx, req) {
		out = append(out, e)
	}
	return out
}

func TestEveryAPIDecodesTextToolCallsAndUsage(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			s := fakellm.Start(t, fakellm.Reply{Chunks: []string{"Hel", "lo"},
				ToolCalls: []fakellm.ToolCall{{ID: "call_1", Name: "read", Arguments: `{"path":"a.txt"}`}},
				Usage:     &fakellm.Usage{Input: 10, Output: 5}})
			got := collect(t.Context(), newProvider(t, s, api), turn("hi there"))
			want := []provider.Event{
				{Type: provider.EventTextDelta, Text: "Hel"},
				{Type: provider.EventTextDelta, Text: "lo"},
				{Type: provider.EventToolCall, ToolCall: provider.ToolCall{ID: "call_1", Name: "read", Arguments: `{"path":"a.txt"}`}},
				{Type: provider.EventUsage, Usage: provider.Usage{InputTokens: 10, OutputTokens: 5, TotalTokens: 15}},
				{Type: provider.EventStop, StopReason: provider.StopToolUse},
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", got, want)
			}
			reqs := s.Requests()
			if len(reqs) != 1 || reqs[0].API != api || reqs[0].Model() != "fake-model" || reqs[0].System() != "be terse" ||
				reqs[0].LastUserText() != "hi there" || reqs[0].FirstChunkAt.IsZero() {
				t.Fatalf("requests = %+v", reqs)
			}
		})
	}
}

func TestEveryAPIReportsErrorsAndUnscriptedCalls(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			s := fakellm.Start(t, fakellm.Fail(http.StatusBadRequest, "bad tool"), fakellm.Reply{Text: "Hi", StreamError: "overloaded now"})
			p := newProvider(t, s, api)
			// the third call is unscripted: a 400, not retried
			for i, want := range []string{"LLM request failed", "overloaded now", "LLM request failed"} {
				evs := collect(t.Context(), p, turn("x"))
				last := evs[len(evs)-1]
				if last.Type != provider.EventError || !strings.Contains(last.Err.Error(), want) {
					t.Fatalf("call %d ended with %+v, want an error containing %q", i, last, want)
				}
			}
		})
	}
}

func TestStallHoldsUntilTheClientGoesAway(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			s := fakellm.Start(t, fakellm.Reply{Text: "partial", Stall: true})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var got []provider.Event
			for e := range newProvider(t, s, api).Stream(ctx, turn("x")) {
				got = append(got, e)
				if e.Type == provider.EventTextDelta {
					cancel()
				}
			}
			if last := got[len(got)-1]; last.Type != provider.EventError || last.StopReason != provider.StopAborted {
				t.Fatalf("events = %+v", got)
			}
			if path := <-s.Gone(); !strings.HasPrefix(path, "/v1/") {
				t.Fatalf("gone = %q", path)
			}
		})
	}
}

func TestHoldReleasesTheRestOfTheStream(t *testing.T) {
	hold := make(chan struct{})
	s := fakellm.Start(t, fakellm.Reply{Chunks: []string{"a", "b"}, Hold: hold, HoldAfter: 1})
	var text string
	for e := range newProvider(t, s, fakellm.APIOpenAICompletions).Stream(t.Context(), turn("x")) {
		if e.Type == provider.EventTextDelta {
			text += e.Text
			if text == "a" {
				close(hold)
			}
		}
	}
	if text != "ab" {
		t.Fatalf("text = %q", text)
	}
}

func TestRespondAnswersWhenTheQueueIsEmpty(t *testing.T) {
	s := fakellm.Start(t)
	s.Respond(func(r fakellm.Request) fakellm.Reply { return fakellm.Text("echo: " + r.LastUserText()) })
	var text string
	for e := range newProvider(t, s, fakellm.APIAnthropicMessages).Stream(t.Context(), turn("ping")) {
		text += e.Text
	}
	if text != "echo: ping" {
		t.Fatalf("text = %q", text)
	}
}
