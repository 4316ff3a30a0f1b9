package provider

import (
	"github.com/openai/openai-go/v3/responses"
)

// responsesDecoder turns Responses stream events into events: output text deltas pass through, a function call
// is emitted when its output item is done (arguments complete), usage and the stop reason come with the final
// response.completed or response.incomplete event; response.failed and error events fail the turn.
type responsesDecoder struct {
	calls  int
	usage  *Usage
	reason StopReason
}

// decode handles one stream event.
func (d *responsesDecoder) decode(e responses.ResponseStreamEventUnion, out *emitter) error {
	switch e.Type {
	case "response.output_text.delta":
		if e.Delta != "" {
			out.emit(Event{Type: EventTextDelta, Text: e.Delta})
		}
	case "response.output_item.done":
		if e.Item.Type == "function_call" {
			d.calls++
			out.emit(Event{Type: EventToolCall, ToolCall: ToolCall{
				ID: e.Item.CallID, Name: e.Item.Name, Arguments: e.Item.Arguments.OfString,
			}})
		}
	case "response.completed", "response.incomplete":
		d.end(&e.Response)
	case "response.failed":
		return &streamError{message: e.Response.Error.Message}
	case "error":
		return &streamError{message: e.Message}
	}
	return nil
}

// end records the final response's usage and why it ended.
func (d *responsesDecoder) end(r *responses.Response) {
	if r.JSON.Usage.Valid() {
		d.usage = &Usage{
			InputTokens:     r.Usage.InputTokens,
			OutputTokens:    r.Usage.OutputTokens,
			CacheReadTokens: r.Usage.InputTokensDetails.CachedTokens,
			TotalTokens:     r.Usage.TotalTokens,
		}
	}
	if r.IncompleteDetails.Reason == "max_output_tokens" {
		d.reason = StopLength
	}
}

// finish emits the usage and the stop reason.
func (d *responsesDecoder) finish(out *emitter) {
	if d.usage != nil && !out.emit(Event{Type: EventUsage, Usage: *d.usage}) {
		return
	}
	reason := d.reason
	switch {
	case reason != "":
	case d.calls > 0:
		reason = StopToolUse
	default:
		reason = StopEnd
	}
	out.emit(Event{Type: EventStop, StopReason: reason})
}
