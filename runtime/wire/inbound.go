package wire

import "encoding/json"

// Inbound is any frame a gateway sends, as a reader (a client, a test
// client, the load generator) decodes it: the members of the response and
// event envelopes, the payload kept raw for the reader to decode by
// method or event. It is the one envelope type readers use.
type Inbound struct {
	// Type is TypeResponse or TypeEvent (anything else is not a frame a
	// gateway sends).
	Type string `json:"type"`
	// ID is the id of the request a response answers.
	ID string `json:"id,omitempty"`
	// OK reports a response's success.
	OK bool `json:"ok,omitempty"`
	// Payload is a response's result or an event's payload, raw.
	Payload json.RawMessage `json:"payload,omitempty"`
	// Error is a failed response's error.
	Error *Error `json:"error,omitempty"`
	// Event is an event's name.
	Event string `json:"event,omitempty"`
	// Seq is a broadcast event's sequence number; nil when it has none.
	Seq *int64 `json:"seq,omitempty"`
	// StateVersion is the counters attached to presence and health events.
	StateVersion *StateVersion `json:"stateVersion,omitempty"`
}

// DecodeInbound decodes a frame's envelope. It judges only that the frame
// is a JSON object with members of the right types; the validator judges
// the frame against the schema.
func DecodeInbound(data []byte) (Inbound, error) {
	var f Inbound
	err := json.Unmarshal(data, &f)
	return f, err
}

// IsResponse reports whether f is a response to the request with id.
func (f *Inbound) IsResponse(id string) bool { return f.Type == TypeResponse && f.ID == id }

// IsEvent reports whether f is the event name.
func (f *Inbound) IsEvent(name string) bool { return f.Type == TypeEvent && f.Event == name }
