package catalog

// ThinkingLevels are the thinking levels gatewire offers on every model:
// v3's base levels, in order.
var ThinkingLevels = []string{"off", "minimal", "low", "medium", "high"}

// The thinking levels a session starts with (v3's defaults): ThinkingOff
// on a model that does not reason, ThinkingReasoning on one that does.
const (
	ThinkingOff       = "off"
	ThinkingReasoning = "low"
)

// DefaultThinking is the thinking level a session on m starts with.
func (m Model) DefaultThinking() string {
	if m.Reasoning {
		return ThinkingReasoning
	}
	return ThinkingOff
}
