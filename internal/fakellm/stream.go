package fakellm

import (
	"fmt"
	"net/http"
	"time"
)

// stream writes one SSE reply in the format of its API.
type stream struct {
	w       http.ResponseWriter
	r       *http.Request
	f       format
	onFirst func()
	sent    int // text chunks (or raw frames) sent
}

// format renders the neutral parts of a reply as one API's SSE frames.
type format interface {
	start(s *stream)
	text(s *stream, delta string)
	toolCalls(s *stream, calls []ToolCall)
	fail(s *stream, message string)
	end(s *stream, stop string, u *Usage)
}

func newStream(w http.ResponseWriter, r *http.Request, api string, onFirst func()) *stream {
	var f format
	switch api {
	case APIOpenAIResponses:
		f = &responses{}
	case APIAnthropicMessages:
		f = anthropic{}
	default:
		f = completions{}
	}
	return &stream{w: w, r: r, f: f, onFirst: onFirst}
}

// play streams the reply and reports whether it got to its end with the
// client still there.
func (s *stream) play(reply *Reply) bool {
	s.w.Header().Set("Content-Type", "text/event-stream")
	s.w.WriteHeader(http.StatusOK)
	if reply.Frames != nil {
		for _, fr := range reply.Frames {
			if !s.pause(reply) {
				return false
			}
			s.frame(fr.Event, fr.Data)
			s.sent++
		}
		return s.alive()
	}
	s.f.start(s)
	for i, c := range reply.chunks() {
		if !s.pause(reply) {
			return false
		}
		if i > 0 && reply.Interval > 0 && !s.sleep(reply.Interval) {
			return false
		}
		if i == 0 && reply.Delay > 0 && !s.sleep(reply.Delay) {
			return false
		}
		if reply.Rewrite != nil {
			c = reply.Rewrite(i, c)
		}
		s.f.text(s, c)
		if s.sent == 0 && s.onFirst != nil {
			s.onFirst()
		}
		s.sent++
	}
	if !s.pause(reply) {
		return false
	}
	if len(reply.ToolCalls) > 0 {
		s.f.toolCalls(s, reply.ToolCalls)
	}
	if reply.StreamError != "" {
		s.f.fail(s, reply.StreamError)
		return s.alive()
	}
	if !reply.Stall && !reply.Cut {
		s.f.end(s, reply.stop(), reply.Usage)
	}
	return s.alive()
}

// pause waits on the reply's Hold once HoldAfter items were sent; false
// when the client went away.
func (s *stream) pause(reply *Reply) bool {
	if reply.Hold != nil && s.sent == reply.HoldAfter {
		select {
		case <-reply.Hold:
		case <-s.r.Context().Done():
			return false
		}
	}
	return s.alive()
}

// sleep waits d unless the client goes away first.
func (s *stream) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.r.Context().Done():
		return false
	}
}

// alive reports whether the client is still there.
func (s *stream) alive() bool { return s.r.Context().Err() == nil }

// frame writes and flushes one SSE frame.
func (s *stream) frame(event, data string) {
	if event != "" {
		fmt.Fprintf(s.w, "event: %s\n", event)
	}
	fmt.Fprintf(s.w, "data: %s\n\n", data) //nolint:gosec // a test server writing its own scripted SSE, never a browser page
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}
