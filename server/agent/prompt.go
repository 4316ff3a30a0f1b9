package agent

import (
	"time"

	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/transcript"
)

// stampPrefix is v3's prefix of a user turn as the model sees it, e.g.
// "[Sun 2026-12-06 14:31 UTC] ". Transcripts keep the text without it.
func stampPrefix(ms int64) string {
	return "[" + time.UnixMilli(ms).UTC().Format("Mon 2006-01-02 15:04") + " UTC] "
}

// summaryIntro introduces a compaction summary in the system prompt.
const summaryIntro = "\n\nSummary of the earlier conversation (compacted):\n"

// conversation turns the session's context into the model's conversation
// for run: its own user message last (from the run itself when the
// context was read before the message was recorded), the user messages
// of runs still queued (pending) left out, tool calls kept only with
// their results (an interrupted call is dropped), the gateway's copies of
// aborted answers and empty assistant messages left out.
func conversation(msgs []transcript.Message, run *Run, pending map[string]bool) []provider.Message {
	runID := run.ID
	answered := map[string]bool{}
	for _, m := range msgs {
		if m.Role == transcript.RoleToolResult {
			answered[m.ToolCallID] = true
		}
	}
	called := map[string]bool{}
	var out []provider.Message
	var own *provider.Message
	for _, m := range msgs {
		switch m.Role {
		case transcript.RoleUser:
			if pending[m.IdempotencyKey] {
				continue
			}
			pm := provider.Message{Role: provider.RoleUser, Content: []provider.Part{provider.Text(stampPrefix(m.Timestamp) + m.Text())}}
			if m.IdempotencyKey == runID && runID != "" {
				own = &pm
				continue
			}
			out = append(out, pm)
		case transcript.RoleAssistant:
			if pm, ok := assistantMessage(m, answered, called); ok {
				out = append(out, pm)
			}
		case transcript.RoleToolResult:
			if called[m.ToolCallID] {
				out = append(out, provider.Message{Role: provider.RoleTool, Content: []provider.Part{
					{Type: provider.PartToolResult, Text: m.Text(), ToolCallID: m.ToolCallID, IsError: m.IsError}}})
			}
		}
	}
	if own == nil {
		own = &provider.Message{Role: provider.RoleUser, Content: []provider.Part{provider.Text(stampPrefix(run.AcceptedAt) + run.req.Message)}}
	}
	return append(out, *own)
}

// assistantMessage is the model's view of an assistant message: its text
// and the tool calls that have results (recorded in called). ok is false
// for a message with nothing left, or a gateway copy of an aborted answer.
func assistantMessage(m transcript.Message, answered, called map[string]bool) (provider.Message, bool) {
	if _, copied := m.Extra["openclawAbort"]; copied {
		return provider.Message{}, false
	}
	pm := provider.Message{Role: provider.RoleAssistant}
	for _, p := range m.Content {
		switch {
		case p.Type == transcript.PartText && p.Text != "":
			pm.Content = append(pm.Content, provider.Text(p.Text))
		case p.Type == transcript.PartToolCall && answered[p.ID]:
			called[p.ID] = true
			args := string(p.Arguments)
			if args == "" {
				args = "{}"
			}
			pm.Content = append(pm.Content, provider.Part{Type: provider.PartToolCall, ToolCall: provider.ToolCall{ID: p.ID, Name: p.Name, Arguments: args}})
		}
	}
	return pm, len(pm.Content) > 0
}
