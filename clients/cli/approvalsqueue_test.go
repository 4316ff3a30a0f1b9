package cli

import (
	"slices"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func TestApprovalQueueOrderSkipAndDeadlines(t *testing.T) {
	start := time.UnixMilli(1_000_000)
	item := func(id string, after time.Duration) *waiting {
		return &waiting{PendingExecApproval: protocol.PendingExecApproval{ID: id}, deadline: start.Add(after)}
	}
	var q approvalQueue
	if q.current() != nil {
		t.Fatal("an empty queue has a current approval")
	}
	if _, ok := q.nextDeadline(); ok {
		t.Fatal("an empty queue has a deadline")
	}
	for _, w := range []*waiting{item("a", 3*time.Second), item("b", time.Second), item("c", 2*time.Second)} {
		if !q.add(w) {
			t.Fatalf("%s not added", w.ID)
		}
	}
	if q.add(item("b", time.Hour)) {
		t.Fatal("a second approval with the same id was added")
	}
	if q.current().ID != "a" || !slices.Equal(q.ids(), []string{"a", "b", "c"}) {
		t.Fatalf("queue = %v, want arrival order", q.ids())
	}
	if next, _ := q.nextDeadline(); !next.Equal(start.Add(time.Second)) {
		t.Fatalf("next deadline = %v", next)
	}
	if due := q.due(start.Add(2 * time.Second)); len(due) != 2 || due[0].ID != "b" || due[1].ID != "c" {
		t.Fatalf("due = %v", due)
	}
	q.skip()
	if !slices.Equal(q.ids(), []string{"b", "c", "a"}) {
		t.Fatalf("after skip: %v", q.ids())
	}
	if !q.remove("b") || q.remove("a") || q.remove("nope") || !slices.Equal(q.ids(), []string{"c"}) {
		t.Fatalf("after removes: %v", q.ids())
	}
	q.skip() // alone: stays
	if q.current().ID != "c" || q.len() != 1 {
		t.Fatalf("queue = %v", q.ids())
	}
}

func TestParseAnswer(t *testing.T) {
	for line, want := range map[string]answer{
		"o": answerOnce, " Once ": answerOnce, "allow-once": answerOnce, "y": answerOnce,
		"A": answerAlways, "always": answerAlways, "allow-always": answerAlways,
		"d": answerDeny, "deny": answerDeny, "no": answerDeny,
		"s": answerSkip, "?": answerHelp, "": answerNone, "   ": answerNone, "maybe": answerUnknown, "od": answerUnknown,
	} {
		if got := parseAnswer(line); got != want {
			t.Errorf("parseAnswer(%q) = %v, want %v", line, got, want)
		}
	}
	if d, ok := answerAlways.decision(); !ok || d != protocol.ExecApprovalDecisionAllowAlways {
		t.Fatal("always does not decide allow-always")
	}
	if _, ok := answerSkip.decision(); ok {
		t.Fatal("skip decides")
	}
}
