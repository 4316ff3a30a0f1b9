package sessionsimport

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
	"github.com/gatewire/gatewire/server/transcript"
)

const fixture = "testdata/openclaw-state"

// importFixture runs the import command's work into a new state dir
// and returns the dir and the printed report.
func importFixture(t *testing.T, dir statedir.Dir, asJSON bool) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), fixture, dir, asJSON, &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// open opens the transcript store of a state dir.
func open(t *testing.T, dir statedir.Dir) *transcript.Store {
	t.Helper()
	db, err := store.Open(context.Background(), store.PathIn(dir.Root()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return transcript.New(db, nil)
}

func TestImportReportsEachSessionAndIsIdempotent(t *testing.T) {
	dir := statedir.Dir(filepath.Join(t.TempDir(), "gw"))
	report := importFixture(t, dir, false)
	for _, want := range []string{
		"imported agent:main:chat1 (7 messages)",
		"imported agent:main:lost (0 messages)",
		"imported agent:main:main (5 messages)",
		"skipped  global (0 messages): not an agent session key (agent:<agentId>:<name>)",
		"imported agent:ops:main (1 messages)",
		"4 imported, 0 already present, 1 skipped",
	} {
		if !strings.Contains(report, want) {
			t.Fatalf("report lacks %q:\n%s", want, report)
		}
	}
	again := importFixture(t, dir, true)
	var res struct{ Sessions []Outcome }
	if err := json.Unmarshal([]byte(again), &res); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	for _, o := range res.Sessions {
		statuses = append(statuses, o.Status)
	}
	if !slices.Equal(statuses, []string{"exists", "exists", "exists", "skipped", "exists"}) {
		t.Fatalf("second import: %s", again)
	}
}

func TestImportedSessionsKeepMessagesOverridesAndCompaction(t *testing.T) {
	dir := statedir.Dir(filepath.Join(t.TempDir(), "gw"))
	importFixture(t, dir, false)
	st := open(t, dir)
	ctx := context.Background()

	main, ok, err := st.Get(ctx, "agent:main:main")
	if err != nil || !ok || main.SessionID != "27e6a1c4-5b1f-4d0e-9a53-2f7c0e1b8d42" || main.Totals.TotalTokens != 1280 ||
		main.LastChannel != "webchat" || main.LastRun.Status != "done" || main.CreatedAt != 1796567503060 {
		t.Fatalf("main entry = %+v (%v)", main, err)
	}
	hist, _ := st.History(ctx, "agent:main:main", 0)
	var ids []string
	for _, h := range hist {
		ids = append(ids, h.ID)
	}
	if !slices.Equal(ids, []string{"cab5d9f0", "5d6e7f80", "6e7f8091", "bd840ba0"}) {
		t.Fatalf("visible ids = %v", ids)
	}
	call := hist[1].Content[1]
	if call.Type != "toolCall" || call.Name != "read" || string(call.Arguments) != `{"path":"notes.txt"}` ||
		hist[2].ToolCallID != "call_fake_1" || hist[3].Usage.TotalTokens != 250 {
		t.Fatalf("tool round trip = %+v / %+v", hist[1], hist[2])
	}
	if _, ctxMsgs, _ := st.Context(ctx, "agent:main:main"); len(ctxMsgs) != 5 || !ctxMsgs[1].Hidden ||
		!strings.HasPrefix(ctxMsgs[1].Text(), "Sender (untrusted metadata)") {
		t.Fatalf("context keeps the hidden runtime context: %+v", ctxMsgs)
	}

	chat1, _, _ := st.Get(ctx, "agent:main:chat1")
	if chat1.Label != "Deploy notes" || chat1.Model != "fake/fake-large" || chat1.ThinkingLevel != "low" ||
		!chat1.AbortedLastRun || chat1.CompactionCount != 1 || chat1.Summary != "The user is planning a deploy: build, then ship." {
		t.Fatalf("chat1 entry = %+v", chat1)
	}
	hist, _ = st.History(ctx, "agent:main:chat1", 0)
	for _, h := range hist {
		if strings.Contains(h.Text(), "abandoned branch") {
			t.Fatal("a message off the transcript's branch was imported")
		}
	}
	if last := hist[len(hist)-1]; string(last.Extra["openclawAbort"]) != `{"aborted":true,"origin":"rpc","runId":"ab-1"}` {
		t.Fatalf("abort marker = %+v", last)
	}
	summary, msgs, _ := st.Context(ctx, "agent:main:chat1")
	if summary != chat1.Summary || len(msgs) != 5 || msgs[0].Text() != "[Sun 2026-12-06 14:34 UTC] and then?" {
		t.Fatalf("context after the compaction: %q, %d messages, first %q", summary, len(msgs), msgs[0].Text())
	}

	ops, _ := st.History(ctx, "agent:ops:main", 0)
	if len(ops) != 1 || ops[0].Text() != "check the disks" {
		t.Fatalf("ops = %+v", ops)
	}
}

func TestImportRefusesADirectoryWithoutSessions(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), t.TempDir(), statedir.Dir(t.TempDir()), false, &out)
	if err == nil || !strings.Contains(err.Error(), "no OpenClaw sessions under") {
		t.Fatalf("err = %v", err)
	}
}

func TestImportSkipsABrokenTranscriptAndKeepsTheRest(t *testing.T) {
	from := t.TempDir()
	dir := filepath.Join(from, "agents", "main", "sessions")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("sessions.json", `{"agent:main:good":{"sessionId":"g1","updatedAt":2},"agent:main:bad":{"sessionId":"b1","updatedAt":1},
		"agent:main:nohead":{"sessionId":"n1","updatedAt":3},"agent:main:noid":{"updatedAt":4}}`)
	write("g1.jsonl", `{"type":"session","id":"g1"}`+"\n"+`{"type":"message","id":"m1","message":{"role":"user","content":"hi","timestamp":5}}`+"\n")
	write("b1.jsonl", `{"type":"session","id":"b1"}`+"\n"+`{"type":"message","id":"m1","message":{"role":`+"\n")
	write("n1.jsonl", `{"type":"message","id":"m1","message":{"role":"user","content":"hi"}}`+"\n")
	var out bytes.Buffer
	if err := run(context.Background(), from, statedir.Dir(t.TempDir()), false, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"imported agent:main:good (1 messages)",
		"skipped  agent:main:bad (0 messages): " + filepath.Join(dir, "b1.jsonl") + " line 2: unexpected end of JSON input",
		"skipped  agent:main:nohead (0 messages): the transcript does not start with a session header",
		"skipped  agent:main:noid (0 messages): the entry has no sessionId",
		"1 imported, 0 already present, 3 skipped",
	} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("report lacks %q:\n%s", want, out.String())
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "sessions.json"), []byte(`{"agent:main:x":`), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), from, statedir.Dir(t.TempDir()), false, &out)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "sessions.json")) {
		t.Fatalf("a broken sessions.json: %v", err)
	}
}
