package provider

// EventType names the kind of an [Event].
type EventType string

// The event kinds a stream yields. A stream ends with exactly one EventStop or EventError; EventUsage comes at
// most once, before it.
const (
	EventTextDelta EventType = "textDelta" // Text holds the next piece of the assistant's answer
	EventToolCall  EventType = "toolCall"  // ToolCall holds a complete call (arguments fully received)
	EventUsage     EventType = "usage"     // Usage holds the turn's token counts
	EventStop      EventType = "stop"      // StopReason says why the model stopped
	EventError     EventType = "error"     // Err is an *Error; StopReason is StopError or StopAborted
)

// StopReason says why a turn ended; the values are those OpenClaw records in transcripts.
type StopReason string

// The stop reasons.
const (
	StopEnd     StopReason = "stop"    // the model finished its answer
	StopLength  StopReason = "length"  // the output token limit was reached
	StopToolUse StopReason = "toolUse" // the model wants tool results
	StopError   StopReason = "error"   // the request failed
	StopAborted StopReason = "aborted" // the caller cancelled
)

// Usage is the token accounting of one turn as the provider reported it.
type Usage struct {
	InputTokens      int64
	OutputTokens     int64
	CacheReadTokens  int64
	CacheWriteTokens int64
	TotalTokens      int64
}

// Event is one item of a turn's stream; which fields are set depends on Type.
type Event struct {
	Type       EventType
	Text       string
	ToolCall   ToolCall
	Usage      Usage
	StopReason StopReason
	Err        error
}
