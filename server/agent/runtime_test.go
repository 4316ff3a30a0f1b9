package agent

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/transcript"
)

var apis = []string{fakellm.APIOpenAICompletions, fakellm.APIOpenAIResponses, fakellm.APIAnthropicMessages}

func TestRunStreamsEventsInV3OrderAndRecordsTheTurn(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			h := newHarness(t, api, fakellm.Reply{Chunks: []string{"Hel", "lo"}, Usage: &fakellm.Usage{Input: 10, Output: 4}})
			var updates []Update
			h.start(t, StartRequest{RunID: "r1", SessionKey: "agent:main:main", Message: "hi there",
				Observer: func(u Update) { updates = append(updates, u) }})
			o := h.wait(t, "r1")
			if o.Status != StatusOK || o.Text != "Hello" || o.StopReason != "stop" || o.Usage == nil || o.Usage.Input != 10 ||
				o.Usage.Cost != (10*1+4*2)/1e6 || o.Model != "fake-model" || o.SessionID != "sid-agent:main:main" {
				t.Fatalf("outcome = %+v (usage %+v)", o, o.Usage)
			}
			want := []string{
				"agent/lifecycle:start@1->broadcast",
				"agent/assistant@2->broadcast", "chat/delta@2->broadcast", "chat/delta@2->session",
				"agent/assistant@3->broadcast", "chat/delta@3->broadcast", "chat/delta@3->session",
				"agent/lifecycle:end@4->broadcast", "chat/final@4->broadcast", "chat/final@4->session",
			}
			ds := h.pub.of("r1")
			if got := summary(ds); !reflect.DeepEqual(got, want) {
				t.Fatalf("events:\n got %q\nwant %q", got, want)
			}
			if data := ds[4].Payload["data"].(map[string]any); data["text"] != "Hello" || data["delta"] != "lo" {
				t.Errorf("second assistant data = %v", data)
			}
			if msg := ds[8].Payload["message"].(map[string]any); msg["role"] != "assistant" || !strings.Contains(jsonNumber(msg["content"]), `"text":"Hello"`) {
				t.Errorf("final message = %v", msg)
			}
			msgs := h.ss.messages("agent:main:main")
			if len(msgs) != 2 || msgs[0].Role != "user" || msgs[0].Text() != "hi there" || msgs[1].Text() != "Hello" ||
				msgs[1].StopReason != "stop" || msgs[1].Usage == nil || msgs[1].Provider != "fake" || msgs[1].API != api {
				t.Fatalf("transcript = %+v", msgs)
			}
			if len(updates) != 3 || updates[0].Delta != "Hel" || updates[1].Text != "Hello" || !updates[2].Final {
				t.Fatalf("observer updates = %+v", updates)
			}
			req := h.fake.Requests()[0]
			if !regexp.MustCompile(`^\[[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d UTC\] hi there$`).MatchString(req.LastUserText()) {
				t.Fatalf("the model saw the user turn as %q", req.LastUserText())
			}
		})
	}
}

func TestToolCallsRunAndTheirResultsAreFedBack(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions,
		fakellm.Reply{Text: "Let me check.", ToolCalls: []fakellm.ToolCall{{ID: "c1", Name: "echo", Arguments: `{"text":"ping"}`},
			{ID: "c2", Name: "nosuch", Arguments: `{}`}}},
		fakellm.Text("It said ping."))
	h.start(t, StartRequest{RunID: "t1", SessionKey: "agent:main:tools", Message: "use the tool", RequesterConn: "conn-1", ToolEvents: true})
	o := h.wait(t, "t1")
	if o.Status != StatusOK || o.Text != "Let me check.\n\nIt said ping." {
		t.Fatalf("outcome = %+v", o)
	}
	want := []string{
		"agent/lifecycle:start@1->broadcast",
		"agent/assistant@2->broadcast", "chat/delta@2->broadcast", "chat/delta@2->session",
		"agent/item:start@3->broadcast", "agent/tool:start@4->run", "agent/tool:result@5->run", "agent/item:end@6->broadcast",
		"agent/item:start@7->broadcast", "agent/tool:start@8->run", "agent/tool:result@9->run", "agent/item:end@10->broadcast",
		"agent/assistant@11->broadcast", "chat/delta@11->broadcast", "chat/delta@11->session",
		"agent/lifecycle:end@12->broadcast", "chat/final@12->broadcast", "chat/final@12->session",
	}
	if got := summary(h.pub.of("t1")); !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %q\nwant %q", got, want)
	}
	second := h.fake.Requests()[1].Messages()
	if n := len(second); n < 4 || second[n-2] != [2]string{"tool", "echo: ping"} || second[n-1] != [2]string{"tool", "Tool nosuch not found."} {
		t.Fatalf("second request's conversation = %q", second)
	}
	msgs := h.ss.messages("agent:main:tools")
	roles := []string{}
	for _, m := range msgs {
		roles = append(roles, m.Role)
	}
	if !reflect.DeepEqual(roles, []string{"user", "assistant", "toolResult", "toolResult", "assistant"}) || !msgs[3].IsError ||
		msgs[1].Content[1].Type != transcript.PartToolCall || string(msgs[1].Content[1].Arguments) != `{"text":"ping"}` {
		t.Fatalf("transcript = %+v", msgs)
	}
	if h.runs.added["t1"] != "conn-1" || len(h.runs.ended) != 1 {
		t.Fatalf("run recipients: added %v ended %v", h.runs.added, h.runs.ended)
	}
}

func TestToolRoundsAreCapped(t *testing.T) {
	h := newHarness(t, fakellm.APIAnthropicMessages)
	n := 0
	h.fake.Respond(func(fakellm.Request) fakellm.Reply {
		return fakellm.Calls(fakellm.ToolCall{ID: "c", Name: "echo", Arguments: `{"text":"again"}`})
	})
	h.start(t, StartRequest{RunID: "cap", AgentID: "main", Message: "loop"})
	o := h.wait(t, "cap")
	n = len(h.fake.Requests())
	if o.Status != StatusError || !strings.Contains(o.Error, "3 tool rounds") || n != 3 {
		t.Fatalf("outcome %+v after %d model calls", o, n)
	}
}

func TestProviderErrorEndsTheRunWithLifecycleAndChatErrors(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAIResponses, fakellm.Fail(400, "bad schema"))
	h.start(t, StartRequest{RunID: "e1", SessionKey: "agent:main:err", Message: "x"})
	o := h.wait(t, "e1")
	const text = "LLM request failed: provider rejected the request schema or tool payload."
	if o.Status != StatusError || o.Error != text {
		t.Fatalf("outcome = %+v", o)
	}
	ds := h.pub.of("e1")
	want := []string{"agent/lifecycle:start@1->broadcast", "agent/lifecycle:error@2->broadcast", "chat/error@2->broadcast", "chat/error@2->session"}
	if got := summary(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %q\nwant %q", got, want)
	}
	if ds[2].Payload["errorMessage"] != text || ds[1].Payload["data"].(map[string]any)["livenessState"] != "blocked" {
		t.Fatalf("error events = %+v", ds)
	}
}

func TestAbortCancelsTheProviderStreamAndRecordsThePartialAnswer(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Reply{Chunks: []string{"slow-0 ", "slow-1"}, Stall: true})
	second := make(chan struct{})
	var updates []Update
	h.start(t, StartRequest{RunID: "ab-1", SessionKey: "agent:main:ab1", Message: "go slowly", Observer: func(u Update) {
		updates = append(updates, u)
		if u.Err == nil && u.Text == "slow-0 slow-1" {
			close(second)
		}
	}})
	<-second
	if ids := h.rt.Abort("agent:main:ab1", ""); !reflect.DeepEqual(ids, []string{"ab-1"}) {
		t.Fatalf("Abort = %v", ids)
	}
	if path := <-h.fake.Gone(); path != "/v1/chat/completions" {
		t.Fatalf("gone = %q", path)
	}
	o := h.wait(t, "ab-1")
	if o.Status != StatusAborted || o.StopReason != "rpc" || o.Text != "slow-0 slow-1" {
		t.Fatalf("outcome = %+v", o)
	}
	ds := h.pub.of("ab-1")
	got := summary(ds)
	want := []string{"chat/aborted@4->broadcast", "chat/aborted@4->session", "agent/lifecycle:end@4->broadcast"}
	if !reflect.DeepEqual(got[len(got)-3:], want) {
		t.Fatalf("events end with %q, want %q", got, want)
	}
	end := ds[len(ds)-1].Payload["data"].(map[string]any)
	if end["status"] != "cancelled" || end["aborted"] != true || end["stopReason"] != "rpc" || end["startedAt"] == nil {
		t.Fatalf("lifecycle end = %v", end)
	}
	msgs := h.ss.messages("agent:main:ab1")
	if len(msgs) != 3 || msgs[1].StopReason != "aborted" || msgs[1].ErrorMessage != "Request was aborted" ||
		msgs[2].Model != "gateway-injected" || msgs[2].IdempotencyKey != "ab-1:assistant" ||
		string(msgs[2].Extra["openclawAbort"]) != `{"aborted":true,"origin":"rpc","runId":"ab-1"}` {
		t.Fatalf("transcript = %+v", msgs)
	}
	if last := updates[len(updates)-1]; !errors.Is(last.Err, ErrAborted) {
		t.Fatalf("last update = %+v", last)
	}
	if ids := h.rt.Abort("agent:main:ab1", ""); len(ids) != 0 {
		t.Fatalf("second Abort = %v", ids)
	}
}

func TestDuplicateStartsCoalesceIntoOneRun(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Text("once"))
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run, existing, err := h.rt.Start(t.Context(), StartRequest{RunID: "dup", SessionKey: "agent:main:dup", Message: "x"})
			if err != nil || run.ID != "dup" {
				t.Errorf("Start = %v, %v", run, err)
				return
			}
			if !existing {
				mu.Lock()
				fresh++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	h.wait(t, "dup")
	if _, existing, _ := h.rt.Start(t.Context(), StartRequest{RunID: "dup", SessionKey: "agent:main:dup", Message: "x"}); !existing {
		t.Fatal("a start after the run ended was not recognized as a duplicate")
	}
	if fresh != 1 || len(h.fake.Requests()) != 1 || len(h.ss.messages("agent:main:dup")) != 2 {
		t.Fatalf("fresh starts %d, model calls %d, messages %d", fresh, len(h.fake.Requests()), len(h.ss.messages("agent:main:dup")))
	}
}

func TestOneRunAtATimePerSessionOthersInParallel(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions)
	holds := map[string]chan struct{}{"first": make(chan struct{}), "other": make(chan struct{})}
	arrived := make(chan string, 4)
	h.fake.Respond(func(r fakellm.Request) fakellm.Reply {
		text := r.LastUserText()
		text = text[strings.Index(text, "] ")+2:]
		arrived <- text
		return fakellm.Reply{Text: "re: " + text, Hold: holds[text], HoldAfter: 1}
	})
	h.start(t, StartRequest{RunID: "q1", SessionKey: "agent:main:q", Message: "first"})
	h.start(t, StartRequest{RunID: "q2", SessionKey: "agent:main:q", Message: "second"})
	h.start(t, StartRequest{RunID: "o1", SessionKey: "agent:main:other", Message: "other"})
	got := map[string]bool{<-arrived: true, <-arrived: true}
	if !got["first"] || !got["other"] {
		t.Fatalf("in flight together: %v, want first and other", got)
	}
	if !h.rt.Active("agent:main:q") || len(h.pub.of("q2")) != 0 {
		t.Fatalf("the queued run started early: %v", summary(h.pub.of("q2")))
	}
	close(holds["first"])
	if next := <-arrived; next != "second" {
		t.Fatalf("after the first run, the model got %q", next)
	}
	h.wait(t, "q2")
	conv := h.fake.Requests()
	var q2 [][2]string
	var q1 [][2]string
	for _, r := range conv {
		if strings.HasSuffix(r.LastUserText(), "second") {
			q2 = r.Messages()
		}
		if strings.HasSuffix(r.LastUserText(), "first") {
			q1 = r.Messages()
		}
	}
	if len(q1) != 1 || len(q2) != 3 || q2[1] != [2]string{"assistant", "re: first"} {
		t.Fatalf("first run saw %q; second run saw %q", q1, q2)
	}
	if h.rt.Active("agent:main:q") {
		t.Fatal("the session is still active")
	}
	close(holds["other"])
	h.wait(t, "o1")
}

func TestAbortingQueuedRunsEndsThemWithoutAModelCall(t *testing.T) {
	hold := make(chan struct{})
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Reply{Text: "a", Hold: hold, HoldAfter: 1})
	h.start(t, StartRequest{RunID: "a1", SessionKey: "agent:main:qa", Message: "one"})
	h.start(t, StartRequest{RunID: "a2", SessionKey: "agent:main:qa", Message: "two"})
	if ids := h.rt.Abort("agent:main:qa", "a2"); !reflect.DeepEqual(ids, []string{"a2"}) {
		t.Fatalf("Abort(a2) = %v", ids)
	}
	if o := h.wait(t, "a2"); o.Status != StatusAborted {
		t.Fatalf("a2 outcome = %+v", o)
	}
	if got := summary(h.pub.of("a2")); !reflect.DeepEqual(got, []string{"chat/aborted@1->broadcast", "chat/aborted@1->session", "agent/lifecycle:end@1->broadcast"}) {
		t.Fatalf("a2 events = %q", got)
	}
	close(hold)
	if o := h.wait(t, "a1"); o.Status != StatusOK {
		t.Fatalf("a1 outcome = %+v", o)
	}
	if n := len(h.fake.Requests()); n != 1 {
		t.Fatalf("%d model calls", n)
	}
}

func TestStartRefusesRequestsWithoutASession(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions)
	for _, c := range []struct {
		req  StartRequest
		want string
	}{
		{StartRequest{RunID: "x", Message: "hi"}, ErrNoSession.Error()},
		{StartRequest{RunID: "x", SessionKey: "main", Message: "hi"}, "invalid session key"},
		{StartRequest{RunID: "x", AgentID: "ghost", Message: "hi"}, `unknown agent id "ghost"`},
		{StartRequest{SessionKey: "agent:main:main", Message: "hi"}, "idempotency key"},
	} {
		if _, _, err := h.rt.Start(t.Context(), c.req); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Start(%+v) = %v, want %q", c.req, err, c.want)
		}
	}
	if _, ok := h.rt.Wait(t.Context(), "x"); ok {
		t.Fatal("a refused start left a run behind")
	}
}

func TestSummarizeAsksTheSessionsModel(t *testing.T) {
	h := newHarness(t, fakellm.APIAnthropicMessages, fakellm.Text("  the gist "))
	got, err := h.rt.Summarize(t.Context(), "agent:main:main", "user: a\nassistant: b")
	if err != nil || got != "the gist" {
		t.Fatalf("Summarize = %q, %v", got, err)
	}
	if r := h.fake.Requests()[0]; !strings.Contains(r.System(), "summary") || r.LastUserText() != "user: a\nassistant: b" {
		t.Fatalf("request: system %q user %q", r.System(), r.LastUserText())
	}
}

// TestChatDeltasAreSpacedAsInV3: every piece is an assistant event, but a
// chat delta goes out at most once per ChatDeltaInterval; with a clock
// that stands still only the first piece gets one, and the final carries
// the whole answer.
func TestChatDeltasAreSpacedAsInV3(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Text("a", "b", "c"))
	still := time.Unix(1796567503, 0)
	h.rt = New(Deps{Catalog: &testModels{api: fakellm.APIOpenAICompletions, fake: h.fake}, Transcripts: h.ss, Publisher: h.pub,
		Now: func() time.Time { return still }, Log: h.rt.d.Log})
	h.start(t, StartRequest{RunID: "sp", SessionKey: "agent:main:sp", Message: "x"})
	h.wait(t, "sp")
	want := []string{"agent/lifecycle:start@1->broadcast", "agent/assistant@2->broadcast", "chat/delta@2->broadcast", "chat/delta@2->session",
		"agent/assistant@3->broadcast", "agent/assistant@4->broadcast",
		"agent/lifecycle:end@5->broadcast", "chat/final@5->broadcast", "chat/final@5->session"}
	ds := h.pub.of("sp")
	if got := summary(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %q\nwant %q", got, want)
	}
	if msg := ds[7].Payload["message"].(map[string]any); !strings.Contains(jsonNumber(msg["content"]), `"text":"abc"`) {
		t.Fatalf("final = %v", msg)
	}
}

// TestTurnsReuseTheCachedContextUntilSomethingElseWrites: a session's
// second turn does not read the transcript; a message the runtime did not
// write (chat.inject's) drops the cached copy, so the next turn sees it.
func TestTurnsReuseTheCachedContextUntilSomethingElseWrites(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Text("a1"), fakellm.Text("a2"), fakellm.Text("a3"))
	fs := feedSessions{h.ss}
	h.rt = New(Deps{Catalog: &testModels{api: fakellm.APIOpenAICompletions, fake: h.fake}, Transcripts: fs, Publisher: h.pub,
		Log: h.rt.d.Log, ChatDeltaInterval: -1})
	const key = "agent:main:cache"
	h.start(t, StartRequest{RunID: "c1", SessionKey: key, Message: "u1"})
	h.wait(t, "c1")
	h.start(t, StartRequest{RunID: "c2", SessionKey: key, Message: "u2"})
	h.wait(t, "c2")
	if h.ss.contexts != 1 {
		t.Fatalf("%d context reads for two turns", h.ss.contexts)
	}
	injected := transcript.Message{Role: transcript.RoleAssistant, Content: []transcript.Part{{Type: transcript.PartText, Text: "[note] injected"}}}
	if _, err := fs.Append(t.Context(), key, injected); err != nil {
		t.Fatal(err)
	}
	h.start(t, StartRequest{RunID: "c3", SessionKey: key, Message: "u3"})
	h.wait(t, "c3")
	conv := h.fake.Requests()[2].Messages()
	want := []string{"user", "assistant", "user", "assistant", "assistant", "user"}
	var roles []string
	for _, m := range conv {
		roles = append(roles, m[0])
	}
	if !reflect.DeepEqual(roles, want) || conv[1][1] != "a1" || conv[4][1] != "[note] injected" || h.ss.contexts != 2 {
		t.Fatalf("third turn saw %q after %d context reads", conv, h.ss.contexts)
	}
	second := h.fake.Requests()[1].Messages()
	if len(second) != 3 || second[1] != [2]string{"assistant", "a1"} || !strings.HasSuffix(second[2][1], "] u2") {
		t.Fatalf("second turn saw %q", second)
	}
}
