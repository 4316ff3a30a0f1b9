package provider

import (
	"sort"

	"github.com/openai/openai-go/v3"
)

// completionsDecoder turns Chat Completions chunks into events. Text deltas pass straight through; tool calls
// arrive in fragments keyed by index and are emitted whole when the stream ends; usage comes in the last chunk.
type completionsDecoder struct {
	calls  map[int64]*ToolCall
	reason string
	usage  *Usage
}

// newCompletionsDecoder returns a decoder for one attempt.
func newCompletionsDecoder() *completionsDecoder {
	return &completionsDecoder{calls: map[int64]*ToolCall{}}
}

// decode handles one chunk.
func (d *completionsDecoder) decode(c openai.ChatCompletionChunk, out *emitter) error {
	if c.JSON.Usage.Valid() && (c.Usage.PromptTokens != 0 || c.Usage.CompletionTokens != 0) {
		d.usage = &Usage{
			InputTokens:     c.Usage.PromptTokens,
			OutputTokens:    c.Usage.CompletionTokens,
			CacheReadTokens: c.Usage.PromptTokensDetails.CachedTokens,
			TotalTokens:     c.Usage.TotalTokens,
		}
	}
	for _, ch := range c.Choices {
		if ch.FinishReason != "" {
			d.reason = ch.FinishReason
		}
		for _, tc := range ch.Delta.ToolCalls {
			d.addCall(tc)
		}
		if ch.Delta.Content != "" && !out.emit(Event{Type: EventTextDelta, Text: ch.Delta.Content}) {
			return nil
		}
	}
	return nil
}

// addCall merges one tool call fragment.
func (d *completionsDecoder) addCall(tc openai.ChatCompletionChunkChoiceDeltaToolCall) {
	call, ok := d.calls[tc.Index]
	if !ok {
		call = &ToolCall{}
		d.calls[tc.Index] = call
	}
	if tc.ID != "" {
		call.ID = tc.ID
	}
	if tc.Function.Name != "" {
		call.Name += tc.Function.Name
	}
	call.Arguments += tc.Function.Arguments
}

// finish emits the tool calls in index order, the usage and the stop reason.
func (d *completionsDecoder) finish(out *emitter) {
	idx := make([]int64, 0, len(d.calls))
	for i := range d.calls {
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
	for _, i := range idx {
		if !out.emit(Event{Type: EventToolCall, ToolCall: *d.calls[i]}) {
			return
		}
	}
	if d.usage != nil && !out.emit(Event{Type: EventUsage, Usage: *d.usage}) {
		return
	}
	out.emit(Event{Type: EventStop, StopReason: completionsStop(d.reason, len(d.calls) > 0)})
}

// completionsStop maps finish_reason to a stop reason; a stream without one stops normally (or for its tools).
func completionsStop(reason string, hasCalls bool) StopReason {
	switch reason {
	case "length":
		return StopLength
	case "tool_calls", "function_call":
		return StopToolUse
	}
	if hasCalls {
		return StopToolUse
	}
	return StopEnd
}
