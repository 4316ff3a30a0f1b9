package provider

import (
	"encoding/json"
	"fmt"
)

// Role is who a [Message] is from.
type Role string

// The roles a conversation holds. The system prompt is [Request.System], not a message.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool" // tool results, fed back to the model
)

// PartType names the kind of a content [Part].
type PartType string

// The content part kinds.
const (
	PartText       PartType = "text"       // plain text, in user and assistant messages
	PartToolCall   PartType = "toolCall"   // a call the assistant made; see [Part.ToolCall]
	PartToolResult PartType = "toolResult" // the result of a call, in tool messages
)

// Message is one entry of the conversation sent to the model.
type Message struct {
	Role    Role
	Content []Part
}

// Part is one content part of a [Message]. Which fields matter depends on Type: Text for text parts and for
// tool results (the result text), ToolCall for tool calls, ToolCallID and IsError for tool results.
type Part struct {
	Type       PartType
	Text       string
	ToolCall   ToolCall
	ToolCallID string
	IsError    bool
}

// ToolCall is a call of a tool by the model: its provider-assigned id, the tool's name, and the arguments as a
// JSON object text.
type ToolCall struct {
	ID        string
	Name      string
	Arguments string
}

// Tool describes a tool the model may call; Parameters is its JSON Schema (an object schema).
type Tool struct {
	Name        string
	Description string
	Parameters  json.RawMessage
}

// Request is one model turn: the model id as the provider knows it (without the "<provider>/" prefix), an optional
// system prompt, the conversation, the tools, and an optional output token limit (0 leaves it to the provider,
// except for anthropic-messages, which requires one and uses [DefaultMaxTokens]).
type Request struct {
	Model     string
	System    string
	Messages  []Message
	Tools     []Tool
	MaxTokens int
}

// DefaultMaxTokens is the output token limit sent when a request sets none and the API requires one.
const DefaultMaxTokens = 4096

// Text is a convenience constructor for a text part.
func Text(s string) Part { return Part{Type: PartText, Text: s} }

// text joins the message's text parts.
func (m *Message) text() string {
	var out string
	for _, p := range m.Content {
		if p.Type == PartText {
			out += p.Text
		}
	}
	return out
}

// parametersSchema decodes a tool's JSON Schema into a map for the SDKs; an empty schema is an empty object schema.
func (t *Tool) parametersSchema() (map[string]any, error) {
	schema := map[string]any{}
	if len(t.Parameters) > 0 {
		if err := json.Unmarshal(t.Parameters, &schema); err != nil {
			return nil, fmt.Errorf("invalid tool %q: its parameters are not a JSON Schema object: %w", t.Name, err)
		}
	}
	if _, ok := schema["type"]; !ok {
		schema["type"] = "object"
	}
	return schema, nil
}
