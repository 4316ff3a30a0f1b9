package sessions

import (
	"strings"

	"github.com/gatewire/gatewire/server/agent/catalog"
)

// thinkingLevels are v3's base thinking levels, in order.
var thinkingLevels = catalog.ThinkingLevels

// defaultThinking is the thinking level of a session without one on a
// model that does not reason; reasoningThinking on one that does (v3's
// defaults).
const (
	defaultThinking   = catalog.ThinkingOff
	reasoningThinking = catalog.ThinkingReasoning
)

// thinkingDefault is the default thinking level on model m.
func thinkingDefault(m Model, known bool) string {
	if known && m.Reasoning {
		return reasoningThinking
	}
	return defaultThinking
}

// thinkingLevelObjects are the levels as sessions.list reports them.
func thinkingLevelObjects() []map[string]string {
	out := make([]map[string]string, len(thinkingLevels))
	for i, l := range thinkingLevels {
		out[i] = map[string]string{"id": l, "label": l}
	}
	return out
}

// thinkingAliases maps the words v3 accepts for each level.
var thinkingAliases = map[string]string{
	"off": "off", "on": "low", "enable": "low", "enabled": "low",
	"min": "minimal", "minimal": "minimal", "think": "minimal",
	"low": "low", "thinkhard": "low", "think-hard": "low", "think_hard": "low",
	"mid": "medium", "med": "medium", "medium": "medium", "thinkharder": "medium", "think-harder": "medium",
	"harder": "medium",
	"high":   "high", "ultra": "high", "ultrathink": "high", "thinkhardest": "high", "highest": "high",
}

// normalizeThinking returns the level raw names, as v3 reads it:
// level is "" when raw names none; supported is false for the levels v3
// knows but gatewire's models do not offer (xhigh, adaptive, max).
func normalizeThinking(raw string) (level string, supported bool) {
	key := strings.ToLower(strings.TrimSpace(raw))
	collapsed := strings.NewReplacer(" ", "", "_", "", "-", "").Replace(key)
	switch collapsed {
	case "adaptive", "auto":
		return "adaptive", false
	case "max":
		return "max", false
	case "xhigh", "extrahigh":
		return "xhigh", false
	}
	if l, ok := thinkingAliases[key]; ok {
		return l, true
	}
	return "", false
}
