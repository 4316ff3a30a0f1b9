package fakellm

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// The APIs the server speaks, named as the gateway's providers name them.
const (
	APIOpenAICompletions = "openai-completions"
	APIOpenAIResponses   = "openai-responses"
	APIAnthropicMessages = "anthropic-messages"
)

// Server is a running fake LLM server. It is safe for concurrent use.
type Server struct {
	// URL is the server's root, e.g. http://127.0.0.1:PORT.
	URL string

	srv       *httptest.Server
	mu        sync.Mutex
	queue     []Reply
	responder func(Request) Reply
	reqs      []Request
	gone      chan string
}

// Cleaner is what Start needs of a test: testing.T and testing.B are one.
type Cleaner interface {
	Helper()
	Cleanup(fn func())
}

// Start starts a server answering with replies (in order, then the
// Responder) and closes it when the test ends.
func Start(t Cleaner, replies ...Reply) *Server {
	t.Helper()
	s := New(replies...)
	t.Cleanup(s.Close)
	return s
}

// New starts a server answering with replies; Close stops it.
func New(replies ...Reply) *Server {
	s := &Server{queue: replies, gone: make(chan string, 1024)}
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	return s
}

// Close stops the server; streams still open are cut.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// BaseURL is the base URL a provider of api is configured with:
// URL+"/v1" for the OpenAI APIs, URL for Anthropic (its SDK adds /v1).
func (s *Server) BaseURL(api string) string {
	if api == APIAnthropicMessages {
		return s.URL
	}
	return s.URL + "/v1"
}

// Script appends replies to the queue.
func (s *Server) Script(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, replies...)
}

// Respond sets what answers a request when the queue is empty; fn runs
// concurrently for concurrent requests.
func (s *Server) Respond(fn func(Request) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responder = fn
}

// Requests returns every request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Gone delivers the path of each held or stalled stream whose client went
// away (an abort reaching the provider).
func (s *Server) Gone() <-chan string { return s.gone }

// ServeHTTP records the request and streams the reply due.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	api := apiOf(r.URL.Path)
	raw, err := io.ReadAll(r.Body)
	if err != nil || r.Method != http.MethodPost || api == "" {
		writeError(w, http.StatusNotFound, fmt.Sprintf("fakellm: no such endpoint %s %s", r.Method, r.URL.Path), nil)
		return
	}
	req := Request{API: api, Path: r.URL.Path, Header: r.Header.Clone(), Raw: raw, ReceivedAt: time.Now()}
	if err := json.Unmarshal(raw, &req.Body); err != nil {
		writeError(w, http.StatusBadRequest, "fakellm: body is not a JSON object", nil)
		return
	}
	reply := s.next(&req)
	if reply.Status != 0 {
		writeError(w, reply.Status, reply.Error, reply.Header)
		return
	}
	st := newStream(w, r, api, func() { s.firstChunk(req.Index) })
	played := st.play(&reply)
	switch {
	case played && reply.Cut:
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	case played && reply.Stall:
		<-r.Context().Done()
	}
	if r.Context().Err() != nil && (reply.Stall || reply.Hold != nil) {
		select {
		case s.gone <- r.URL.Path:
		default:
		}
	}
}

// next records req and takes the reply due for it.
func (s *Server) next(req *Request) Reply {
	s.mu.Lock()
	req.Index = len(s.reqs)
	s.reqs = append(s.reqs, *req)
	queued := len(s.queue) > 0
	var reply Reply
	if queued {
		reply, s.queue = s.queue[0], s.queue[1:]
	}
	fn := s.responder
	s.mu.Unlock()
	switch {
	case queued:
		return reply
	case fn != nil:
		return fn(*req)
	}
	return Fail(http.StatusBadRequest, fmt.Sprintf("fakellm: no reply scripted for request %d", req.Index))
}

// firstChunk records when request i got its first text chunk.
func (s *Server) firstChunk(i int) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs[i].FirstChunkAt = now
}

// apiOf names the API an endpoint path belongs to ("" for none).
func apiOf(path string) string {
	switch path {
	case "/v1/chat/completions", "/chat/completions":
		return APIOpenAICompletions
	case "/v1/responses", "/responses":
		return APIOpenAIResponses
	case "/v1/messages":
		return APIAnthropicMessages
	}
	return ""
}

// writeError answers with an HTTP error whose body both SDKs read.
func writeError(w http.ResponseWriter, status int, message string, header http.Header) {
	for k, vs := range header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body, _ := json.Marshal(map[string]any{"type": "error", "error": map[string]any{"type": "api_error", "message": message}})
	_, _ = w.Write(body)
}
