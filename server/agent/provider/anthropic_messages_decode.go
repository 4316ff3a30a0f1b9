package provider

import (
	"github.com/anthropics/anthropic-sdk-go/v2"
)

// anthropicDecoder turns Messages stream events into events: text deltas pass through; a tool_use block's input
// arrives as partial JSON and is emitted whole at content_block_stop; input tokens come with message_start,
// output tokens and the stop reason with message_delta; an error event fails the turn.
type anthropicDecoder struct {
	calls  map[int64]*ToolCall
	usage  Usage
	seen   bool
	reason anthropic.StopReason
}

// newAnthropicDecoder returns a decoder for one attempt.
func newAnthropicDecoder() *anthropicDecoder {
	return &anthropicDecoder{calls: map[int64]*ToolCall{}}
}

// decode handles one stream event.
func (d *anthropicDecoder) decode(e anthropic.MessageStreamEventUnion, out *emitter) error {
	switch e.Type {
	case "message_start":
		u := e.Message.Usage
		d.seen = true
		d.usage.InputTokens = u.InputTokens
		d.usage.OutputTokens = u.OutputTokens
		d.usage.CacheReadTokens = u.CacheReadInputTokens
		d.usage.CacheWriteTokens = u.CacheCreationInputTokens
	case "content_block_start":
		if e.ContentBlock.Type == "tool_use" {
			d.calls[e.Index] = &ToolCall{ID: e.ContentBlock.ID, Name: e.ContentBlock.Name}
		}
	case "content_block_delta":
		d.delta(e, out)
	case "content_block_stop":
		if call, ok := d.calls[e.Index]; ok {
			delete(d.calls, e.Index)
			if call.Arguments == "" {
				call.Arguments = "{}"
			}
			out.emit(Event{Type: EventToolCall, ToolCall: *call})
		}
	case "message_delta":
		d.seen = true
		d.reason = e.Delta.StopReason
		d.usage.OutputTokens = e.Usage.OutputTokens
		if e.Usage.InputTokens > 0 {
			d.usage.InputTokens = e.Usage.InputTokens
		}
	case "error":
		return &streamError{message: "anthropic stream error"}
	}
	return nil
}

// delta handles a content_block_delta: text, or a fragment of a tool call's input.
func (d *anthropicDecoder) delta(e anthropic.MessageStreamEventUnion, out *emitter) {
	switch e.Delta.Type {
	case "text_delta":
		if e.Delta.Text != "" {
			out.emit(Event{Type: EventTextDelta, Text: e.Delta.Text})
		}
	case "input_json_delta":
		if call, ok := d.calls[e.Index]; ok {
			call.Arguments += e.Delta.PartialJSON
		}
	}
}

// finish emits the usage and the stop reason.
func (d *anthropicDecoder) finish(out *emitter) {
	if d.seen {
		d.usage.TotalTokens = d.usage.InputTokens + d.usage.OutputTokens + d.usage.CacheReadTokens + d.usage.CacheWriteTokens
		if !out.emit(Event{Type: EventUsage, Usage: d.usage}) {
			return
		}
	}
	reason := StopEnd
	switch d.reason {
	case anthropic.StopReasonToolUse:
		reason = StopToolUse
	case anthropic.StopReasonMaxTokens, anthropic.StopReasonModelContextWindowExceeded:
		reason = StopLength
	}
	out.emit(Event{Type: EventStop, StopReason: reason})
}
