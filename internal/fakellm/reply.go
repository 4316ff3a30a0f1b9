package fakellm

import (
	"net/http"
	"time"
)

// Reply is one scripted answer. The zero Reply answers an empty text turn.
// Fields are applied in this order: Status (an HTTP error instead of a
// stream), then the stream: Frames when set (raw, nothing else is
// rendered), else Chunks (Text first when set), ToolCalls, StreamError or
// Usage and the stop; Hold and Stall pause it.
type Reply struct {
	// Text is a first (or only) text chunk.
	Text string
	// Chunks are text deltas streamed one after another.
	Chunks []string
	// ToolCalls are complete calls the model makes after its text.
	ToolCalls []ToolCall
	// Usage is reported at the end of the stream when set.
	Usage *Usage
	// Stop is the stop reason: "stop" (default), "length", or "toolUse"
	// (the default when ToolCalls are set).
	Stop string
	// StreamError ends the stream with an error event carrying this
	// message instead of a stop.
	StreamError string

	// Status, when not 0, answers with this HTTP status and an error body
	// carrying Error, plus Header (e.g. Retry-After).
	Status int
	Error  string
	Header http.Header

	// Frames, when set, are sent verbatim as the stream (an empty Event
	// sends a bare data line).
	Frames []Frame

	// Rewrite, when set, gives chunk i's text at the moment it is sent
	// (e.g. a send timestamp for a benchmark's lag figures).
	Rewrite func(i int, chunk string) string

	// Delay is slept before the first text chunk (the provider's time to
	// first token, for benchmarks).
	Delay time.Duration
	// Interval is slept before each text chunk after the first (a slow
	// stream, for demos and benchmarks; tests gate with Hold instead).
	Interval time.Duration
	// Hold, when set, is waited on after HoldAfter text chunks (or frames)
	// have been sent, until it is closed or the client goes away.
	Hold      <-chan struct{}
	HoldAfter int
	// Stall keeps the stream open after everything was sent, without an
	// end, until the client goes away (then Server.Gone reports it).
	Stall bool
	// Cut drops the connection once everything was sent, without the
	// stream's end: the client sees the stream cut off.
	Cut bool
}

// ToolCall is a tool call the model makes; Arguments is a JSON object text.
type ToolCall struct {
	ID, Name, Arguments string
}

// Usage is the token accounting a reply reports.
type Usage struct {
	Input, Output, CacheRead, CacheWrite int64
}

// Frame is one raw SSE frame: an optional event name and its data.
type Frame struct {
	Event, Data string
}

// Text returns a reply streaming the given chunks, stopping normally.
func Text(chunks ...string) Reply { return Reply{Chunks: chunks} }

// Calls returns a reply that calls tools.
func Calls(calls ...ToolCall) Reply { return Reply{ToolCalls: calls} }

// Fail returns a reply that fails with an HTTP status and message.
func Fail(status int, message string) Reply { return Reply{Status: status, Error: message} }

// chunks is the reply's text deltas in order.
func (r *Reply) chunks() []string {
	if r.Text == "" {
		return r.Chunks
	}
	return append([]string{r.Text}, r.Chunks...)
}

// stop is the stop reason the reply ends with.
func (r *Reply) stop() string {
	switch {
	case r.Stop != "":
		return r.Stop
	case len(r.ToolCalls) > 0:
		return "toolUse"
	}
	return "stop"
}
