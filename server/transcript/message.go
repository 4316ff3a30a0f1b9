package transcript

import "encoding/json"

// Roles of transcript messages.
const (
	RoleUser       = "user"
	RoleAssistant  = "assistant"
	RoleToolResult = "toolResult"
)

// Part types of message content.
const (
	PartText     = "text"
	PartToolCall = "toolCall"
)

// Part is one block of a message's content: text, or a tool call the
// assistant made (ID, Name, Arguments).
type Part struct {
	Type      string          `json:"type"`
	Text      string          `json:"text,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
	// Extra holds other members of parts imported from OpenClaw
	// transcripts (thinking blocks, images).
	Extra map[string]json.RawMessage `json:"-"`
}

// Usage is the token usage of one assistant message, or a session's
// totals; Cost is in US dollars (usage × the model's per-million prices).
type Usage struct {
	Input       int64
	Output      int64
	CacheRead   int64
	CacheWrite  int64
	TotalTokens int64
	Cost        float64
}

// Add adds u's counts and cost to t.
func (t *Usage) Add(u Usage) {
	t.Input += u.Input
	t.Output += u.Output
	t.CacheRead += u.CacheRead
	t.CacheWrite += u.CacheWrite
	t.TotalTokens += u.TotalTokens
	t.Cost += u.Cost
}

// Message is one transcript message in OpenClaw's transcript shape (what
// chat.history returns, minus __openclaw). Its JSON form is that shape.
type Message struct { //nolint:recvcheck // MarshalJSON takes a value so messages encode inside slices and structs; UnmarshalJSON fills one
	Role           string // RoleUser, RoleAssistant or RoleToolResult
	Content        []Part
	Timestamp      int64 // epoch milliseconds
	API            string
	Provider       string
	Model          string
	StopReason     string
	ErrorMessage   string
	ResponseID     string
	IdempotencyKey string
	Usage          *Usage
	// ToolCallID, ToolName and IsError are set on toolResult messages.
	ToolCallID string
	ToolName   string
	IsError    bool
	// Hidden messages are kept for the model but not shown by chat.history
	// (v3's runtime-context entries). Hidden is not part of the JSON form.
	Hidden bool
	// Extra holds other top-level fields, e.g. openclawAbort.
	Extra map[string]json.RawMessage
}

// Text returns the message's text parts joined with newlines.
func (m Message) Text() string {
	out := ""
	for _, p := range m.Content {
		if p.Type != PartText {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += p.Text
	}
	return out
}

// Stored is a message as the store keeps it: its id (8 hex characters,
// or the caller's for injected messages) and its position among the
// session's visible messages, from 1 (0 for a hidden message).
type Stored struct {
	ID  string
	Seq int
	Message
}
