package transcript

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestCompactKeepsTailAndHistory(t *testing.T) {
	s, _, _ := openStore(t)
	ctx := context.Background()
	key := "agent:main:long"
	call := Message{Role: RoleAssistant, Content: []Part{{Type: PartToolCall, ID: "c1", Name: "read",
		Arguments: []byte(`{"path":"x"}`)}}}
	result := Message{Role: RoleToolResult, ToolCallID: "c1", ToolName: "read", Content: []Part{{Type: PartText, Text: "X"}}}
	_, err := s.Append(ctx, key, userMsg("first question", 1), assistantMsg("first answer", 2),
		userMsg("read x", 3), call, result, assistantMsg("x says X", 6))
	if err != nil {
		t.Fatal(err)
	}
	var seen string
	summarize := func(_ context.Context, k, text string) (string, error) {
		seen = text
		return "  they asked twice  ", nil
	}
	// keep 2 would start the tail at the tool result: the cut moves to the call.
	res, err := s.Compact(ctx, key, 2, summarize)
	if err != nil || !res.Compacted || res.Kept != 3 || res.Summary != "they asked twice" {
		t.Fatalf("Compact = %+v, %v", res, err)
	}
	if !strings.Contains(seen, "User: first question") || !strings.Contains(seen, "User: read x") ||
		strings.Contains(seen, "x says X") {
		t.Fatalf("summarizer read:\n%s", seen)
	}
	summary, msgs, _ := s.Context(ctx, key)
	if summary != "they asked twice" || len(msgs) != 3 || msgs[0].Role != RoleAssistant || msgs[1].Role != RoleToolResult {
		t.Fatalf("context after compaction: %q %+v", summary, msgs)
	}
	if h, _ := s.History(ctx, key, 0); len(h) != 6 {
		t.Fatalf("history lost messages: %d", len(h))
	}
	_, _ = s.Append(ctx, key, userMsg("later", 7))
	// A hard checkpoint: the next compaction reads the earlier summary and keeps nothing.
	res, err = s.Compact(ctx, key, 0, summarize)
	if err != nil || !res.Compacted || res.Kept != 0 || !strings.Contains(seen, "they asked twice") {
		t.Fatalf("second Compact = %+v, %v; read %q", res, err, seen)
	}
	summary, msgs, _ = s.Context(ctx, key)
	e, _, _ := s.Get(ctx, key)
	if len(msgs) != 0 || e.CompactionCount != 2 || e.Summary != summary {
		t.Fatalf("after the hard checkpoint: %d messages, entry %+v", len(msgs), e)
	}
	_, _ = s.Append(ctx, key, userMsg("after", 8))
	if _, msgs, _ = s.Context(ctx, key); len(msgs) != 1 || msgs[0].Text() != "after" {
		t.Fatalf("a message after the checkpoint: %+v", msgs)
	}
}

func TestCompactRefusals(t *testing.T) {
	s, _, _ := openStore(t)
	ctx := context.Background()
	ok := func(context.Context, string, string) (string, error) { return "s", nil }
	if res, err := s.Compact(ctx, "agent:main:none", 0, ok); err != nil || res.Compacted || res.Reason != NothingToCompact {
		t.Fatalf("unknown session: %+v, %v", res, err)
	}
	_, _ = s.Append(ctx, "agent:main:short", userMsg("hi", 1))
	if res, err := s.Compact(ctx, "agent:main:short", 5, ok); err != nil || res.Compacted || res.Reason != NothingToCompact {
		t.Fatalf("everything kept: %+v, %v", res, err)
	}
	if _, err := s.Compact(ctx, "agent:main:short", 0, nil); !errors.Is(err, ErrNoSummarizer) {
		t.Fatalf("no summarizer: %v", err)
	}
	failing := func(context.Context, string, string) (string, error) { return "", errors.New("provider down") }
	if _, err := s.Compact(ctx, "agent:main:short", 0, failing); err == nil || err.Error() != "provider down" {
		t.Fatalf("failing summarizer: %v", err)
	}
	resetting := func(ctx context.Context, key, _ string) (string, error) {
		_, _, err := s.Reset(ctx, key)
		return "s", err
	}
	if _, err := s.Compact(ctx, "agent:main:short", 0, resetting); !errors.Is(err, ErrChanged) {
		t.Fatalf("reset during compaction: %v", err)
	}
}
