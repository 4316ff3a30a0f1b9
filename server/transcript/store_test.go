package transcript

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestParseKey(t *testing.T) {
	for key, want := range map[string][2]string{
		"agent:main:main":           {"main", "main"},
		"agent:ops:openai:abc":      {"ops", "openai:abc"},
		"agent:main:discord:g:chan": {"main", "discord:g:chan"},
	} {
		a, r, ok := ParseKey(key)
		if !ok || a != want[0] || r != want[1] {
			t.Errorf("ParseKey(%q) = %q, %q, %v", key, a, r, ok)
		}
	}
	for _, bad := range []string{"", "main", "agent:", "agent:main", "agent::x", "agent:main:", "session:main:x"} {
		if _, _, ok := ParseKey(bad); ok {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
	if !IsMain("agent:ops:main") || IsMain("agent:ops:other") || MainKey("x") != "agent:x:main" {
		t.Error("IsMain/MainKey")
	}
}

func TestEnsureCreatesOnceAndNotifies(t *testing.T) {
	s, _, _ := openStore(t)
	ctx := context.Background()
	var reasons []string
	s.OnChange(func(key, reason string) { reasons = append(reasons, key+" "+reason) })
	e1, err := s.Ensure(ctx, "agent:ops:work")
	if err != nil {
		t.Fatal(err)
	}
	if e1.AgentID != "ops" || e1.SessionID == "" || e1.ChatType != "direct" || e1.CreatedAt == 0 {
		t.Fatalf("new entry = %+v", e1)
	}
	e2, err := s.Ensure(ctx, "agent:ops:work")
	if err != nil || e2.SessionID != e1.SessionID {
		t.Fatalf("second Ensure = %+v, %v; want the same session id", e2, err)
	}
	if !slices.Equal(reasons, []string{"agent:ops:work create"}) {
		t.Fatalf("changes = %v", reasons)
	}
	if _, err := s.Ensure(ctx, "main"); !errors.Is(err, ErrBadKey) {
		t.Fatalf("Ensure(main) = %v, want ErrBadKey", err)
	}
	if _, ok, err := s.Get(ctx, "agent:ops:nope"); ok || err != nil {
		t.Fatalf("Get(unknown) = %v, %v", ok, err)
	}
}

func TestAppendHistoryAndContext(t *testing.T) {
	s, c, _ := openStore(t)
	ctx := context.Background()
	key := "agent:main:chat1"
	ids, err := s.Append(ctx, key, userMsg("hi", 1), Message{Role: RoleUser, Hidden: true,
		Content: []Part{{Type: PartText, Text: "Sender (untrusted metadata)"}}, Timestamp: 1})
	if err != nil || len(ids) != 2 || len(ids[0]) != 8 || ids[0] == ids[1] {
		t.Fatalf("Append = %v, %v", ids, err)
	}
	c.advance(time.Second)
	call := Message{Role: RoleAssistant, Timestamp: 2, Content: []Part{{Type: PartToolCall, ID: "call1",
		Name: "read", Arguments: []byte(`{"path":"a.txt"}`)}}, StopReason: "toolUse"}
	result := Message{Role: RoleToolResult, ToolCallID: "call1", ToolName: "read", Timestamp: 3,
		Content: []Part{{Type: PartText, Text: "contents"}}}
	if _, err := s.Append(ctx, key, call, result, assistantMsg("done", 4)); err != nil {
		t.Fatal(err)
	}
	hist, err := s.History(ctx, key, 0)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int
	for _, h := range hist {
		seqs = append(seqs, h.Seq)
	}
	if !slices.Equal(seqs, []int{1, 2, 3, 4}) || hist[0].ID != ids[0] || hist[0].Text() != "hi" {
		t.Fatalf("history seqs = %v, first = %+v", seqs, hist[0])
	}
	if !reflect.DeepEqual(hist[1].Message, call) || !reflect.DeepEqual(hist[2].Message, result) {
		t.Fatalf("tool messages changed on the way:\n%+v\n%+v", hist[1].Message, hist[2].Message)
	}
	last, _ := s.History(ctx, key, 1)
	if len(last) != 1 || last[0].Seq != 4 || last[0].Text() != "done" || last[0].Usage.TotalTokens != 15 {
		t.Fatalf("limit 1 = %+v", last)
	}
	summary, msgs, err := s.Context(ctx, key)
	if err != nil || summary != "" || len(msgs) != 5 || !msgs[1].Hidden {
		t.Fatalf("Context = %q, %d messages (%v)", summary, len(msgs), err)
	}
	e, _, _ := s.Get(ctx, key)
	if e.UpdatedAt != c.Now().UnixMilli() || e.LastInteractionAt != e.UpdatedAt {
		t.Fatalf("entry times = %+v", e)
	}
	if h, err := s.History(ctx, "agent:main:none", 10); err != nil || len(h) != 0 {
		t.Fatalf("unknown history = %v, %v", h, err)
	}
}

func TestRecordRunStatusAndTotals(t *testing.T) {
	s, _, _ := openStore(t)
	ctx := context.Background()
	key := "agent:main:runs"
	if err := s.RecordRun(ctx, key, RunInfo{Status: RunRunning, StartedAt: 10}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordRun(ctx, key, RunInfo{Status: RunTimeout, StartedAt: 10, EndedAt: 20},
		&Usage{Input: 3, Output: 4, TotalTokens: 7, Cost: 0.5}); err != nil {
		t.Fatal(err)
	}
	e, _, _ := s.Get(ctx, key)
	if !e.AbortedLastRun || e.LastRun != (RunInfo{Status: RunTimeout, StartedAt: 10, EndedAt: 20}) {
		t.Fatalf("after an aborted run: %+v", e)
	}
	_ = s.RecordRun(ctx, key, RunInfo{Status: RunDone, StartedAt: 30, EndedAt: 40}, &Usage{Input: 1, TotalTokens: 1, Cost: 0.25})
	e, _, _ = s.Get(ctx, key)
	if e.AbortedLastRun || e.Totals != (Usage{Input: 4, Output: 4, TotalTokens: 8, Cost: 0.75}) {
		t.Fatalf("after a done run: %+v", e)
	}
}

func TestPatchResetDelete(t *testing.T) {
	s, _, _ := openStore(t)
	ctx := context.Background()
	key := "agent:main:p"
	label, model := "work", "fake/fake-model"
	e, err := s.Patch(ctx, key, Changes{Label: &label, Model: &model})
	if err != nil || e.Label != label || e.Model != model {
		t.Fatalf("Patch = %+v, %v", e, err)
	}
	empty := ""
	e, _ = s.Patch(ctx, key, Changes{Label: &empty})
	if e.Label != "" || e.Model != model {
		t.Fatalf("clearing the label: %+v", e)
	}
	_, _ = s.Append(ctx, key, userMsg("one", 1))
	old := e.SessionID
	e, arch, err := s.Reset(ctx, key)
	if err != nil || e.SessionID == old || e.Model != model || arch == nil || arch.SessionID != old {
		t.Fatalf("Reset = %+v, %+v, %v", e, arch, err)
	}
	if h, _ := s.History(ctx, key, 0); len(h) != 0 {
		t.Fatalf("history after reset = %v", h)
	}
	deleted, arch, err := s.Delete(ctx, key)
	if err != nil || !deleted || arch.SessionID != e.SessionID || arch.Reason != ArchivedDeleted {
		t.Fatalf("Delete = %v, %+v, %v", deleted, arch, err)
	}
	if deleted, arch, err := s.Delete(ctx, key); deleted || arch != nil || err != nil {
		t.Fatalf("second Delete = %v, %+v, %v", deleted, arch, err)
	}
	if _, ok, _ := s.Get(ctx, key); ok {
		t.Fatal("entry still there after Delete")
	}
}

func TestListFiltersAndOrder(t *testing.T) {
	s, c, _ := openStore(t)
	ctx := context.Background()
	for _, k := range []string{"agent:main:a", "agent:ops:b", "agent:main:c"} {
		if _, err := s.Ensure(ctx, k); err != nil {
			t.Fatal(err)
		}
		c.advance(time.Minute)
	}
	label := "Deploy notes"
	_, _ = s.Patch(ctx, "agent:main:a", Changes{Label: &label}) // now the newest
	keys := func(o ListOptions) ([]string, int) {
		es, total, err := s.List(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Key)
		}
		return out, total
	}
	if got, total := keys(ListOptions{}); !slices.Equal(got, []string{"agent:main:a", "agent:main:c", "agent:ops:b"}) || total != 3 {
		t.Fatalf("all = %v (%d)", got, total)
	}
	if got, total := keys(ListOptions{Limit: 1}); len(got) != 1 || total != 3 {
		t.Fatalf("limit 1 = %v (%d)", got, total)
	}
	if got, _ := keys(ListOptions{AgentID: "ops"}); !slices.Equal(got, []string{"agent:ops:b"}) {
		t.Fatalf("agent ops = %v", got)
	}
	if got, _ := keys(ListOptions{Search: "DEPLOY"}); !slices.Equal(got, []string{"agent:main:a"}) {
		t.Fatalf("search = %v", got)
	}
	since := c.Now().Add(-90 * time.Second).UnixMilli()
	if got, _ := keys(ListOptions{ActiveSince: since}); !slices.Equal(got, []string{"agent:main:a", "agent:main:c"}) {
		t.Fatalf("active = %v", got)
	}
}
