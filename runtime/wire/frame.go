package wire

import "encoding/json"

// Frame type discriminators.
const (
	TypeRequest  = "req"
	TypeResponse = "res"
	TypeEvent    = "event"
)

// Request is an inbound request frame after it has been validated against
// the RequestFrame schema.
type Request struct {
	// Type is always TypeRequest.
	Type string `json:"type"`
	// ID is chosen by the client and echoed by every response.
	ID string `json:"id"`
	// Method is the wire name of the method called.
	Method string `json:"method"`
	// Params is the raw params object; nil when the frame had none.
	Params json.RawMessage `json:"params,omitempty"`
}

// StateVersion is the pair of process-wide counters attached to presence
// and health events and to the hello-ok snapshot.
type StateVersion struct {
	// Presence counts presence changes, starting at 1.
	Presence int64 `json:"presence"`
	// Health counts health refreshes, starting at 1.
	Health int64 `json:"health"`
}
