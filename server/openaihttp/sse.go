package openaihttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// sse writes a Server-Sent Events reply, flushing each event.
type sse struct {
	w http.ResponseWriter
	f http.Flusher
}

// newSSE sends the SSE headers and status.
func newSSE(w http.ResponseWriter) *sse {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Connection", "keep-alive")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	s := &sse{w: w, f: f}
	s.flush()
	return s
}

// event writes a named event whose data is v as JSON.
func (s *sse) event(name string, v any) {
	_, _ = io.WriteString(s.w, "event: "+name+"\n")
	s.data(v)
}

// data writes a data line with v as JSON.
func (s *sse) data(v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // maps and structs of plain values always encode
	_, _ = io.WriteString(s.w, "data: "+strings.TrimSuffix(b.String(), "\n")+"\n\n")
	s.flush()
}

// done writes the closing [DONE].
func (s *sse) done() {
	_, _ = io.WriteString(s.w, "data: [DONE]\n\n")
	s.flush()
}

func (s *sse) flush() {
	if s.f != nil {
		s.f.Flush()
	}
}
