package cli

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/transcript"
)

func TestSessionsCommands(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	key := "agent:main:cli1"
	_, err := g.Transcripts().Append(context.Background(), key,
		transcript.Message{Role: transcript.RoleUser, Timestamp: 1,
			Content: []transcript.Part{{Type: transcript.PartText, Text: "[Sun 2026-12-06 14:32 UTC] what is in notes.txt?"}}},
		transcript.Message{Role: transcript.RoleAssistant, Timestamp: 2, Content: []transcript.Part{{Type: transcript.PartToolCall,
			ID: "c1", Name: "read", Arguments: json.RawMessage(`{"path":"notes.txt"}`)}}},
		transcript.Message{Role: transcript.RoleToolResult, ToolCallID: "c1", ToolName: "read", Timestamp: 3,
			Content: []transcript.Part{{Type: transcript.PartText, Text: "buy milk"}}},
		transcript.Message{Role: transcript.RoleAssistant, Timestamp: 4, Content: []transcript.Part{{Type: transcript.PartText, Text: "buy milk"}},
			Usage: &transcript.Usage{Input: 7, Output: 3, TotalTokens: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Transcripts().RecordRun(context.Background(), key, transcript.RunInfo{Status: transcript.RunDone,
		StartedAt: 1, EndedAt: 4}, &transcript.Usage{Input: 7, Output: 3, TotalTokens: 10}); err != nil {
		t.Fatal(err)
	}

	contains(t, "sessions list", c.ok("sessions", "list").stdout, "KEY", key, "what is in notes.txt?", "10", "done")
	var list protocol.SessionsListResult
	if err := json.Unmarshal([]byte(c.ok("sessions", "list", "--json", "--search", "cli1").stdout), &list); err != nil || list.Count != 1 {
		t.Fatalf("sessions list --json = %+v (%v)", list, err)
	}
	contains(t, "sessions history", c.ok("sessions", "history", key).stdout,
		"user: what is in notes.txt?", `assistant: [calls read {"path":"notes.txt"}]`, "tool read: buy milk", "assistant: buy milk")
	contains(t, "history --limit", c.ok("sessions", "history", key, "--limit", "1").stdout, "assistant: buy milk")
	contains(t, "empty history", c.ok("sessions", "history", "agent:main:none").stdout, "(no messages in agent:main:none)")
	contains(t, "compact", c.fails([]string{"sessions", "compact", key}, "no model provider is configured").stderr)
	contains(t, "reset", c.ok("sessions", "reset", key).stdout, "reset "+key+": new session id ")
	contains(t, "history after reset", c.ok("sessions", "history", key).stdout, "(no messages in "+key+")")
	contains(t, "delete", c.ok("sessions", "delete", key).stdout, "deleted "+key+" (archived ")
	contains(t, "delete again", c.ok("sessions", "delete", key).stdout, "no session "+key)
	c.fails([]string{"sessions", "delete", "agent:main:main"}, "Cannot delete the main session (agent:main:main).")
	c.fails([]string{"sessions", "histry"}, `unknown command "histry"`, "history")
}
