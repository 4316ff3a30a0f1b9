package provider

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
)

// newFakeLLM starts the shared in-process LLM server (internal/fakellm): the
// n-th request gets the n-th reply, and the last reply repeats.
func newFakeLLM(t *testing.T, replies ...fakellm.Reply) *fakellm.Server {
	t.Helper()
	s := fakellm.Start(t, replies[:len(replies)-1]...)
	last := replies[len(replies)-1]
	s.Respond(func(fakellm.Request) fakellm.Reply { return last })
	return s
}

// sseReply streams the given raw SSE frames.
func sseReply(frames ...fakellm.Frame) fakellm.Reply { return fakellm.Reply{Frames: frames} }

// data is an SSE frame without an event name.
func data(s string) fakellm.Frame { return fakellm.Frame{Data: s} }

// event is an SSE frame with an event name.
func event(name, s string) fakellm.Frame { return fakellm.Frame{Event: name, Data: s} }

// errorReply answers with an HTTP error, the given headers (name, value
// pairs) and an OpenAI/Anthropic-shaped error body.
func errorReply(status int, message string, headers ...string) fakellm.Reply {
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	return fakellm.Reply{Status: status, Error: message, Header: h}
}

// stallReply sends one SSE frame, then holds the stream open until the
// client goes away (the server's Gone reports it).
func stallReply(first fakellm.Frame) fakellm.Reply {
	return fakellm.Reply{Frames: []fakellm.Frame{first}, Stall: true}
}

// collect runs a turn and returns all its events.
func collect(ctx context.Context, p Provider, req *Request) []Event {
	var out []Event
	for e := range p.Stream(ctx, req) {
		out = append(out, e)
	}
	return out
}

// sleepRecorder replaces a provider's waits between attempts by recording them.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

// sleep records d and returns at once.
func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

// newTestProvider builds a provider for api against the fake, with its waits recorded.
func newTestProvider(t *testing.T, api, baseURL string, cfg Config) (Provider, *sleepRecorder) {
	t.Helper()
	cfg.API, cfg.BaseURL = api, baseURL
	if cfg.APIKey == "" {
		cfg.APIKey = "sk-test"
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := &sleepRecorder{}
	switch p := p.(type) {
	case *openAICompletions:
		p.run.sleep = rec.sleep
	case *openAIResponses:
		p.run.sleep = rec.sleep
	case *anthropicMessages:
		p.run.sleep = rec.sleep
	}
	return p, rec
}
