package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeLLM is an in-process provider server: it records every request and answers the n-th with the n-th reply
// (the last reply repeats).
type fakeLLM struct {
	t       *testing.T
	replies []http.HandlerFunc
	mu      sync.Mutex
	reqs    []recorded
}

// recorded is one request the fake received.
type recorded struct {
	path   string
	header http.Header
	body   map[string]any
}

// newFakeLLM starts a fake answering with replies; it stops with the test.
func newFakeLLM(t *testing.T, replies ...http.HandlerFunc) (*fakeLLM, *httptest.Server) {
	t.Helper()
	f := &fakeLLM{t: t, replies: replies}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// ServeHTTP records the request and runs the reply due.
func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	n := len(f.reqs)
	f.reqs = append(f.reqs, recorded{path: r.URL.Path, header: r.Header.Clone(), body: body})
	f.mu.Unlock()
	f.replies[min(n, len(f.replies)-1)](w, r)
}

// requests returns what was received so far.
func (f *fakeLLM) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// sseReply streams the given SSE frames, each a pair of event name (may be "") and JSON data.
func sseReply(frames ...[2]string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		for _, fr := range frames {
			if fr[0] != "" {
				fmt.Fprintf(w, "event: %s\n", fr[0])
			}
			fmt.Fprintf(w, "data: %s\n\n", fr[1])
			w.(http.Flusher).Flush()
		}
	}
}

// data is an SSE frame without an event name.
func data(s string) [2]string { return [2]string{"", s} }

// event is an SSE frame with an event name.
func event(name, s string) [2]string { return [2]string{name, s} }

// errorReply answers with an HTTP error, the given headers and an OpenAI/Anthropic-shaped error body.
func errorReply(status int, message string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"type":"error","error":{"type":"api_error","message":%q}}`, message)
	}
}

// stallReply sends one SSE frame, then holds the stream open until the client goes away, which it reports on gone.
func stallReply(first [2]string, gone chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sseReply(first)(w, r)
		<-r.Context().Done()
		close(gone)
	}
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
