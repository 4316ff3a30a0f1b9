package provider

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
)

// apis lists each API with a base URL suffix and a reply that streams "ok" and stops.
var apis = []struct {
	api    string
	suffix string
	ok     fakellm.Reply
	first  fakellm.Frame // a frame carrying the text "Hel"
}{
	{
		api: APIOpenAICompletions, suffix: "/v1",
		ok: sseReply(
			data(`{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}`),
			data(`[DONE]`)),
		first: data(`{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}`),
	},
	{
		api: APIOpenAIResponses, suffix: "/v1",
		ok: sseReply(
			event("response.output_text.delta", `{"type":"response.output_text.delta","sequence_number":1,"item_id":"m1","output_index":0,"content_index":0,"delta":"ok"}`),
			event("response.completed", `{"type":"response.completed","sequence_number":2,"response":{"id":"r","object":"response","created_at":1,"status":"completed","model":"m","output":[]}}`)),
		first: event("response.output_text.delta", `{"type":"response.output_text.delta","sequence_number":1,"item_id":"m1","output_index":0,"content_index":0,"delta":"Hel"}`),
	},
	{
		api: APIAnthropicMessages, suffix: "",
		ok: sseReply(
			event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}`),
			event("message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}`),
			event("message_stop", `{"type":"message_stop"}`)),
		first: event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}`),
	},
}

// hello is the smallest request.
func hello() *Request {
	return &Request{Model: "m", Messages: []Message{{Role: RoleUser, Content: []Part{Text("hi")}}}}
}

// withoutUsage drops the usage events, which only some of the scripted replies carry.
func withoutUsage(events []Event) []Event {
	var out []Event
	for _, e := range events {
		if e.Type != EventUsage {
			out = append(out, e)
		}
	}
	return out
}

// lastError returns the terminal event's error, failing the test when the turn did not end in one.
func lastError(t *testing.T, events []Event) *Error {
	t.Helper()
	if len(events) == 0 || events[len(events)-1].Type != EventError {
		t.Fatalf("events = %+v, want a terminal error", events)
	}
	var e *Error
	if !errors.As(events[len(events)-1].Err, &e) {
		t.Fatalf("error %v is not an *Error", events[len(events)-1].Err)
	}
	return e
}

func TestRateLimitIsRetriedAfterRetryAfter(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, errorReply(http.StatusTooManyRequests, "slow down", "Retry-After", "7"), a.ok)
			p, rec := newTestProvider(t, a.api, fake.URL+a.suffix, Config{})

			got := withoutUsage(collect(t.Context(), p, hello()))
			want := []Event{{Type: EventTextDelta, Text: "ok"}, {Type: EventStop, StopReason: StopEnd}}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("events = %+v, want %+v", got, want)
			}
			if n := len(fake.Requests()); n != 2 {
				t.Fatalf("%d requests, want 2", n)
			}
			if !reflect.DeepEqual(rec.delays, []time.Duration{7 * time.Second}) {
				t.Fatalf("waits = %v, want the Retry-After of 7s", rec.delays)
			}
		})
	}
}

func TestServerErrorsBackOffThenFailWithV3Text(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, errorReply(http.StatusInternalServerError, "scripted failure"))
			p, rec := newTestProvider(t, a.api, fake.URL+a.suffix, Config{Retry: RetryPolicy{Attempts: 3, BaseDelay: time.Second}})

			e := lastError(t, collect(t.Context(), p, hello()))
			if e.Error() != "FailoverError: 500 scripted failure" || e.Status != 500 {
				t.Fatalf("error = %q (status %d)", e.Error(), e.Status)
			}
			if n := len(fake.Requests()); n != 3 {
				t.Fatalf("%d requests, want 3", n)
			}
			if !reflect.DeepEqual(rec.delays, []time.Duration{time.Second, 2 * time.Second}) {
				t.Fatalf("waits = %v, want 1s then 2s", rec.delays)
			}
		})
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	cases := []struct {
		status int
		want   string
	}{
		{http.StatusBadRequest, "LLM request failed: provider rejected the request schema or tool payload."},
		{http.StatusUnauthorized, "HTTP 401: invalid key"},
	}
	for _, a := range apis {
		for _, c := range cases {
			t.Run(a.api+"/"+http.StatusText(c.status), func(t *testing.T) {
				msg := "invalid key"
				fake := newFakeLLM(t, errorReply(c.status, msg), a.ok)
				p, rec := newTestProvider(t, a.api, fake.URL+a.suffix, Config{})

				e := lastError(t, collect(t.Context(), p, hello()))
				if e.Error() != c.want || e.Status != c.status || e.ProviderMessage != msg {
					t.Fatalf("error = %q (status %d, provider %q)", e.Error(), e.Status, e.ProviderMessage)
				}
				if n := len(fake.Requests()); n != 1 || len(rec.delays) != 0 {
					t.Fatalf("%d requests, waits %v; want 1 request and no wait", n, rec.delays)
				}
			})
		}
	}
}

func TestCancelAbortsTheHTTPStreamAtOnce(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, stallReply(a.first))
			p, _ := newTestProvider(t, a.api, fake.URL+a.suffix, Config{})

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var got []Event
			for e := range p.Stream(ctx, hello()) {
				got = append(got, e)
				if e.Type == EventTextDelta {
					cancel()
				}
			}
			if len(got) != 2 || got[0].Text != "Hel" || got[1].StopReason != StopAborted || !errors.Is(got[1].Err, context.Canceled) {
				t.Fatalf("events = %+v, want the delta then an abort", got)
			}
			<-fake.Gone() // the server saw the connection go; a leak would hang here until the test's deadline
		})
	}
}

func TestStoppingTheIterationClosesTheStream(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, stallReply(a.first))
			p, _ := newTestProvider(t, a.api, fake.URL+a.suffix, Config{})

			for e := range p.Stream(t.Context(), hello()) {
				if e.Type == EventTextDelta {
					break
				}
			}
			<-fake.Gone()
		})
	}
}

func TestAttemptTimeoutFailsWithV3Text(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, stallReply(a.first))
			p, rec := newTestProvider(t, a.api, fake.URL+a.suffix, Config{Timeout: 200 * time.Millisecond})

			events := collect(t.Context(), p, hello())
			if e := lastError(t, events); e.Error() != "LLM request timed out." || events[len(events)-1].StopReason != StopError {
				t.Fatalf("error = %q, events %+v", e.Error(), events)
			}
			<-fake.Gone()
			if n := len(fake.Requests()); n != 1 || len(rec.delays) != 0 {
				t.Fatalf("%d requests, waits %v; a timeout is not retried", n, rec.delays)
			}
		})
	}
}

func TestNoAPIKeyIsAllowedForLocalServers(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-from-env")
	t.Setenv("ANTHROPIC_API_KEY", "sk-from-env")
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			fake := newFakeLLM(t, a.ok)
			p, err := New(Config{API: a.api, BaseURL: fake.URL + a.suffix})
			if err != nil {
				t.Fatal(err)
			}
			events := collect(t.Context(), p, hello())
			if events[len(events)-1].Type != EventStop {
				t.Fatalf("events = %+v", events)
			}
			h := fake.Requests()[0].Header
			if h.Get("Authorization") != "" || h.Get("X-Api-Key") != "" {
				t.Fatalf("credentials sent without a configured key: %v", h)
			}
		})
	}
}
