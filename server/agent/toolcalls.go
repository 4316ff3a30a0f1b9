package agent

import (
	"encoding/json"
	"fmt"

	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/transcript"
)

// runTools runs the tool calls of one model call in order, sending their
// item and tool events, records the call and the results, and feeds them
// to the next model call. False when the run was aborted meanwhile.
func (t *turn) runTools(c call) bool {
	run := t.run
	msgs := []transcript.Message{t.assistant(c.text, c.calls, string(provider.StopToolUse), c.usage)}
	next := provider.Message{Role: provider.RoleAssistant}
	if c.text != "" {
		next.Content = append(next.Content, provider.Text(c.text))
	}
	var results []provider.Message
	for _, tc := range c.calls {
		if run.ctx.Err() != nil {
			break
		}
		res := t.runTool(tc)
		next.Content = append(next.Content, provider.Part{Type: provider.PartToolCall, ToolCall: tc})
		msgs = append(msgs, transcript.Message{Role: transcript.RoleToolResult, Timestamp: t.r.nowMs(), ToolCallID: tc.ID,
			ToolName: tc.Name, IsError: res.IsError, Content: []transcript.Part{{Type: transcript.PartText, Text: res.Text}}})
		results = append(results, provider.Message{Role: provider.RoleTool, Content: []provider.Part{
			{Type: provider.PartToolResult, Text: res.Text, ToolCallID: tc.ID, IsError: res.IsError}}})
	}
	t.r.appendMessages(run, msgs...)
	if run.ctx.Err() != nil {
		return false
	}
	t.req.Messages = append(append(t.req.Messages, next), results...)
	return true
}

// runTool runs one call with its item and tool events around it.
func (t *turn) runTool(tc provider.ToolCall) tools.Result {
	r, run := t.r, t.run
	itemID := "tool:" + tc.ID
	started := r.nowMs()
	r.emitItem(run, streamItem, fields("itemId", itemID, "phase", "start", "kind", "tool", "title", tc.Name,
		"status", "running", "name", tc.Name, "toolCallId", tc.ID, "startedAt", started))
	r.emitItem(run, streamTool, fields("phase", "start", "name", tc.Name, "toolCallId", tc.ID, "args", json.RawMessage(rawArgs(tc.Arguments))))
	res := t.call(tc)
	content := []map[string]string{{"type": "text", "text": res.Text}}
	r.emitItem(run, streamTool, fields("phase", "result", "name", tc.Name, "toolCallId", tc.ID, "isError", res.IsError,
		"result", map[string]any{"content": content, "details": res.Details}))
	status := "completed"
	if res.IsError {
		status = "failed"
	}
	r.emitItem(run, streamItem, fields("itemId", itemID, "phase", "end", "kind", "tool", "title", tc.Name,
		"status", status, "name", tc.Name, "toolCallId", tc.ID, "startedAt", started, "endedAt", r.nowMs()))
	return res
}

// call runs the named tool; an unknown tool or a panic is an error result.
func (t *turn) call(tc provider.ToolCall) (res tools.Result) {
	tool, ok := t.r.byName[tc.Name]
	if !ok {
		return tools.Result{Text: fmt.Sprintf("Tool %s not found.", tc.Name), IsError: true}
	}
	defer func() {
		if v := recover(); v != nil {
			t.r.d.Log.Error("tool panicked", "tool", tc.Name, "runId", t.run.ID, "panic", v)
			res = tools.Result{Text: fmt.Sprintf("Tool %s failed.", tc.Name), IsError: true}
		}
	}()
	return tool.Run(t.run.ctx, tools.Call{RunID: t.run.ID, SessionKey: t.run.SessionKey, AgentID: t.run.AgentID,
		Workspace: t.agent.Workspace, ToolCallID: tc.ID, Args: rawArgs(tc.Arguments)})
}

// jsonValid reports whether s is one JSON value.
func jsonValid(s string) bool { return json.Valid([]byte(s)) }
