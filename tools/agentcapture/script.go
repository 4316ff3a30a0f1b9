package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// long is how long a slow call (a reset or a compaction on a loaded host)
// may take on the real gateway.
const long = 4 * time.Minute

// operatorScopes are the scopes the recording client asks for.
var operatorScopes = []string{"operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing"}

// step is one call of the script; a failed wait is recorded, not fatal.
type step struct {
	method string
	params any
}

// capture connects client A (the caller) and B (a read-only watcher) and
// plays the script, recording both.
func capture(url, token string, lo, hi int, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	rec := &recorder{f: f, start: time.Now()}
	ctx := context.Background()
	a, err := dial(ctx, url, "A", rec)
	if err != nil {
		return err
	}
	if err := a.connect(token, lo, hi, operatorScopes); err != nil {
		return err
	}
	b, err := dial(ctx, url, "B", rec)
	if err != nil {
		return err
	}
	if err := b.connect(token, lo, hi, []string{"operator.read"}); err != nil {
		return err
	}
	s := &script{a: a, rec: rec}
	s.plain()
	s.turns()
	s.sessions()
	time.Sleep(3 * time.Second)
	return nil
}

// script plays the calls on A and notes what went wrong.
type script struct {
	a   *conn
	rec *recorder
}

// note records a remark line in the capture (a wait that failed).
func (s *script) note(format string, args ...any) {
	raw, _ := json.Marshal(fmt.Sprintf(format, args...))
	s.rec.write("A", "note", raw)
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

// calls plays steps one after another.
func (s *script) calls(steps ...step) {
	for _, st := range steps {
		if _, err := s.a.call(st.method, st.params, long); err != nil {
			s.note("%s: %v", st.method, err)
		}
	}
}

// plain plays the reads that need no run.
func (s *script) plain() {
	s.calls(
		step{"models.list", map[string]any{}},
		step{"models.list", nil},
		step{"agents.list", map[string]any{}},
		step{"agent.identity.get", map[string]any{}},
		step{"agent.identity.get", map[string]any{"sessionKey": "agent:main:main"}},
		step{"commands.list", map[string]any{}},
		step{"sessions.subscribe", map[string]any{}},
		step{"sessions.list", map[string]any{}},
		step{"usage.cost", map[string]any{}},
		step{"sessions.usage", map[string]any{}},
	)
}

// turns plays agent and chat runs: a streamed chat.send, an agent run, an
// aborted run and a failing one, with the history after each.
func (s *script) turns() {
	s.chatRun("agent:main:cap1", "multi please", "cs-1")
	s.calls(step{"chat.history", map[string]any{"sessionKey": "agent:main:cap1"}})
	s.agentRun()
	s.calls(step{"agent.wait", map[string]any{"runId": "run-1", "timeoutMs": 1000}})
	s.abortRun()
	s.calls(step{"chat.history", map[string]any{"sessionKey": "agent:main:ab1"}})
	s.chatRun("agent:main:err1", "fail please", "err-1")
	s.calls(
		step{"chat.send", map[string]any{"sessionKey": "agent:main:cap1", "message": "x"}},
		step{"chat.history", map[string]any{}},
		step{"chat.abort", map[string]any{"sessionKey": "agent:main:cap1"}},
	)
}

// chatRun sends a chat message and waits for its terminal chat event.
func (s *script) chatRun(key, msg, runID string) {
	from := s.a.mark()
	s.a.send("chat.send", map[string]any{"sessionKey": key, "message": msg, "idempotencyKey": runID})
	if _, _, err := s.a.wait(from, long, terminalChat(runID)); err != nil {
		s.note("chat.send %s: %v", runID, err)
	}
	time.Sleep(3 * time.Second)
}

// agentRun runs the agent method and waits for its final response.
func (s *script) agentRun() {
	from := s.a.mark()
	id := s.a.send("agent", map[string]any{"sessionKey": "agent:main:cap2", "message": "hello agent", "idempotencyKey": "run-1"})
	_, _, err := s.a.wait(from, long, func(f frame) bool {
		var p struct{ Status string }
		_ = json.Unmarshal(f.Payload, &p)
		return f.Type == "res" && f.ID == id && p.Status != "accepted"
	})
	if err != nil {
		s.note("agent: %v", err)
	}
	time.Sleep(3 * time.Second)
}

// abortRun starts a slow run and aborts it after three deltas.
func (s *script) abortRun() {
	from := s.a.mark()
	s.a.send("chat.send", map[string]any{"sessionKey": "agent:main:ab1", "message": "slow please", "idempotencyKey": "ab-1"})
	for i := 0; i < 3; i++ {
		_, next, err := s.a.wait(from, long, func(f frame) bool { return f.Event == "chat" && chatState(f) == "delta" })
		if err != nil {
			s.note("abort run: %v", err)
			return
		}
		from = next
	}
	s.calls(step{"chat.abort", map[string]any{"sessionKey": "agent:main:ab1", "runId": "ab-1"}})
	time.Sleep(5 * time.Second)
}

// sessions plays the session mutations.
func (s *script) sessions() {
	s.calls(
		step{"sessions.patch", map[string]any{"key": "agent:main:cap1", "label": "Cap One", "thinkingLevel": "low"}},
		step{"sessions.patch", map[string]any{"key": "agent:main:cap1", "bogus": 1}},
		step{"sessions.list", map[string]any{}},
		step{"sessions.list", map[string]any{"limit": 1}},
		step{"usage.cost", map[string]any{}},
		step{"sessions.usage", map[string]any{}},
		step{"sessions.compact", map[string]any{"key": "agent:main:cap1"}},
		step{"sessions.reset", map[string]any{"key": "agent:main:cap1"}},
		step{"chat.history", map[string]any{"sessionKey": "agent:main:cap1"}},
		step{"sessions.delete", map[string]any{"key": "agent:main:cap2"}},
		step{"sessions.delete", map[string]any{"key": "agent:main:main"}},
		step{"sessions.unsubscribe", map[string]any{}},
		step{"sessions.list", map[string]any{}},
	)
}

// terminalChat matches the final, error or aborted chat event of a run.
func terminalChat(runID string) func(frame) bool {
	return func(f frame) bool {
		var p struct{ RunID, State string }
		_ = json.Unmarshal(f.Payload, &p)
		return f.Event == "chat" && p.RunID == runID && p.State != "delta"
	}
}

// chatState is a chat event's state.
func chatState(f frame) string {
	var p struct{ State string }
	_ = json.Unmarshal(f.Payload, &p)
	return p.State
}
