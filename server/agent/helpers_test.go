package agent

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/transcript"
)

// testModels is a catalog of one agent ("main") and one model served by
// a fake LLM server over api.
type testModels struct {
	api  string
	fake *fakellm.Server
}

func (m *testModels) Agent(id string) (catalog.Agent, bool) {
	return catalog.Agent{ID: id, Workspace: "/nonexistent"}, id == "main"
}
func (m *testModels) DefaultAgentID() string { return "main" }
func (m *testModels) ModelFor(agentID, override string) (catalog.Model, error) {
	return catalog.Model{Ref: "fake/fake-model", Provider: "fake", ID: "fake-model", API: m.api, ContextWindow: 128000,
		Cost: catalog.Cost{Input: 1, Output: 2}}, nil
}
func (m *testModels) Provider(c catalog.Model) (provider.Provider, error) {
	return provider.New(provider.Config{API: m.api, BaseURL: m.fake.BaseURL(m.api), APIKey: "sk-test"})
}

// memSessions keeps sessions in memory, in the transcript store's terms.
type memSessions struct {
	mu       sync.Mutex
	feed     func(key, reason string) // OnChange's listener, when one is registered
	contexts int                      // Context calls
	entries  map[string]transcript.Entry
	msgs     map[string][]transcript.Message
	runs     map[string][]transcript.RunInfo
}

func newMemSessions() *memSessions {
	return &memSessions{entries: map[string]transcript.Entry{}, msgs: map[string][]transcript.Message{}, runs: map[string][]transcript.RunInfo{}}
}

func (s *memSessions) Ensure(ctx context.Context, key string) (transcript.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ensureLocked(key), nil
}

func (s *memSessions) ensureLocked(key string) transcript.Entry {
	e, ok := s.entries[key]
	if !ok {
		agentID, _, _ := transcript.ParseKey(key)
		e = transcript.Entry{Key: key, AgentID: agentID, SessionID: "sid-" + key}
		s.entries[key] = e
	}
	return e
}

func (s *memSessions) Get(ctx context.Context, key string) (transcript.Entry, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[key]
	return e, ok, nil
}

func (s *memSessions) Append(ctx context.Context, key string, msgs ...transcript.Message) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ensureLocked(key)
	s.msgs[key] = append(s.msgs[key], msgs...)
	feed := s.feed
	s.mu.Unlock()
	if feed != nil {
		feed(key, transcript.ReasonMessage)
	}
	s.mu.Lock()
	return make([]string, len(msgs)), nil
}

// feedSessions is memSessions with the store's change feed.
type feedSessions struct{ *memSessions }

func (s feedSessions) OnChange(fn func(key, reason string)) { s.feed = fn }

func (s *memSessions) Context(ctx context.Context, key string) (string, []transcript.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contexts++
	return "", append([]transcript.Message(nil), s.msgs[key]...), nil
}

func (s *memSessions) RecordRun(ctx context.Context, key string, run transcript.RunInfo, u *transcript.Usage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs[key] = append(s.runs[key], run)
	return nil
}

func (s *memSessions) messages(key string) []transcript.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]transcript.Message(nil), s.msgs[key]...)
}

// published is one delivery a recordingPublisher saw.
type published struct {
	Event   string
	Target  rpc.Target
	Key     string
	Payload map[string]any
}

// recordingPublisher records every delivery in order.
type recordingPublisher struct {
	mu  sync.Mutex
	got []published
	// notify, when set, receives every delivery too.
	notify chan published
}

func (p *recordingPublisher) Bind(string) {}

// Publish records d; a payload shaped per version is recorded in the
// current version's shape (every member).
func (p *recordingPublisher) Publish(d rpc.Delivery) int {
	raw := d.Payload
	if d.Shaped != nil {
		raw, _ = json.Marshal(d.Shaped.ForProtocol(protocol.Manifest.Protocol))
	}
	var payload map[string]any
	_ = json.Unmarshal(raw, &payload)
	pub := published{Event: d.Event, Target: d.Route.Target, Key: d.Key, Payload: payload}
	p.mu.Lock()
	p.got = append(p.got, pub)
	p.mu.Unlock()
	if p.notify != nil {
		p.notify <- pub
	}
	return 1
}

// of returns the deliveries of run id, in order.
func (p *recordingPublisher) of(runID string) []published {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []published
	for _, d := range p.got {
		if d.Payload["runId"] == runID {
			out = append(out, d)
		}
	}
	return out
}

// runIndex records run recipients.
type runIndex struct {
	mu    sync.Mutex
	added map[string]string
	ended []string
}

func (x *runIndex) AddRunRecipient(runID, connID string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.added == nil {
		x.added = map[string]string{}
	}
	x.added[runID] = connID
}

func (x *runIndex) EndRun(runID string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ended = append(x.ended, runID)
}

// echoTool is a tool that answers its arguments' text.
type echoTool struct{}

func (echoTool) Spec() provider.Tool {
	return provider.Tool{Name: "echo", Description: "echoes text", Parameters: json.RawMessage(`{"type":"object","properties":{"text":{"type":"string"}}}`)}
}

func (echoTool) Run(ctx context.Context, c tools.Call) tools.Result {
	var a struct{ Text string }
	if err := json.Unmarshal(c.Args, &a); err != nil {
		return tools.Result{Text: "bad arguments", IsError: true}
	}
	return tools.Result{Text: "echo: " + a.Text, Details: map[string]string{"session": c.SessionKey}}
}

// harness is a Runtime over a fake LLM, in-memory sessions and a
// recording publisher.
type harness struct {
	rt   *Runtime
	fake *fakellm.Server
	ss   *memSessions
	pub  *recordingPublisher
	runs *runIndex
}

func newHarness(t *testing.T, api string, replies ...fakellm.Reply) *harness {
	t.Helper()
	h := &harness{fake: fakellm.Start(t, replies...), ss: newMemSessions(), pub: &recordingPublisher{}, runs: &runIndex{}}
	h.rt = New(Deps{Catalog: &testModels{api: api, fake: h.fake}, Transcripts: h.ss, Tools: []tools.Tool{echoTool{}},
		Publisher: h.pub, Runs: h.runs, MaxToolRounds: 3, Log: slog.New(slog.DiscardHandler), ChatDeltaInterval: -1})
	return h
}

// start starts a run and fails the test on a request error.
func (h *harness) start(t *testing.T, req StartRequest) *Run {
	t.Helper()
	run, existing, err := h.rt.Start(t.Context(), req)
	if err != nil || existing {
		t.Fatalf("Start(%s) = %v, existing %v", req.RunID, err, existing)
	}
	return run
}

// wait waits for run id's outcome.
func (h *harness) wait(t *testing.T, id string) Outcome {
	t.Helper()
	o, ok := h.rt.Wait(t.Context(), id)
	if !ok {
		t.Fatalf("Wait(%s) found no run", id)
	}
	return o
}

// summary renders deliveries as "event/stream-or-state@seq" lines.
func summary(ds []published) []string {
	var out []string
	for _, d := range ds {
		kind := d.Payload["stream"]
		if d.Event == "chat" {
			kind = d.Payload["state"]
		}
		if data, ok := d.Payload["data"].(map[string]any); ok && data["phase"] != nil {
			kind = kind.(string) + ":" + data["phase"].(string)
		}
		out = append(out, d.Event+"/"+kind.(string)+"@"+jsonNumber(d.Payload["seq"])+"->"+string(d.Target))
	}
	return out
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
