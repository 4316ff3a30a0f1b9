package chat_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestAgentIsTwoPhaseWithV3sEventOrder: accepted, then the run's agent
// and chat events (per-run seq from 1; chat events reuse the seq of the
// agent event that produced them), then the final reply, for each API.
func TestAgentIsTwoPhaseWithV3sEventOrder(t *testing.T) {
	for _, api := range []string{fakellm.APIOpenAICompletions, fakellm.APIOpenAIResponses, fakellm.APIAnthropicMessages} {
		t.Run(api, func(t *testing.T) {
			e := start(t, api, fakellm.Reply{Chunks: []string{"FAKE-", "REPLY-OK"}, Usage: &fakellm.Usage{Input: 12, Output: 3}})
			c := e.operator(write)
			id := c.Request("agent", map[string]any{"message": "hello there", "idempotencyKey": "run-2", "agentId": "main"})
			var order []string
			var evs []runEvent
			var lastFrameSeq int64
			var final gatewaytest.Frame
			for final.ID == "" {
				f := c.Next("run frame", func(f *gatewaytest.Frame) bool { return f.IsResponse(id) || isRunEvent(f, "run-2") })
				if f.Type == "res" {
					st := payload(t, f)["status"].(string)
					order = append(order, "res:"+st)
					if st != "accepted" {
						final = f
					}
					continue
				}
				ev := decodeRunEvent(t, f)
				if ev.FrameSeq <= lastFrameSeq {
					t.Fatalf("frame seq %d after %d", ev.FrameSeq, lastFrameSeq)
				}
				lastFrameSeq = ev.FrameSeq
				evs = append(evs, ev)
				order = append(order, ev.label())
			}
			// Chat deltas after the first are spaced in time (v3: ≥150 ms
			// apart): whether "chat/delta@3" comes depends on the clock.
			order = slices.DeleteFunc(order, func(s string) bool { return s == "chat/delta@3" })
			evs = slices.DeleteFunc(evs, func(ev runEvent) bool { return ev.label() == "chat/delta@3" })
			want := []string{"res:accepted", "agent/lifecycle:start@1", "agent/assistant@2", "chat/delta@2",
				"agent/assistant@3", "agent/lifecycle:end@4", "chat/final@4", "res:ok"}
			if !reflect.DeepEqual(order, want) {
				t.Fatalf("order:\n got %q\nwant %q", order, want)
			}
			if evs[3].Data["text"] != "FAKE-REPLY-OK" || evs[3].Data["delta"] != "REPLY-OK" || evs[5].text() != "FAKE-REPLY-OK" ||
				evs[0].SessionKey != "agent:main:main" {
				t.Fatalf("events = %+v", evs)
			}
			p := payload(t, final)
			res := p["result"].(map[string]any)
			meta := res["meta"].(map[string]any)
			agentMeta := meta["agentMeta"].(map[string]any)
			if p["summary"] != "completed" || res["payloads"].([]any)[0].(map[string]any)["text"] != "FAKE-REPLY-OK" ||
				agentMeta["provider"] != "fake" || agentMeta["model"] != "fake-model" || agentMeta["sessionId"] == "" ||
				agentMeta["lastCallUsage"].(map[string]any)["input"] != float64(12) ||
				!strings.HasSuffix(fmt.Sprint(agentMeta["sessionFile"]), "state.db#"+fmt.Sprint(agentMeta["sessionId"])) {
				t.Fatalf("final = %s", final.Raw)
			}
		})
	}
}

func TestAgentRefusalsAndFailuresSayWhatV3Says(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Fail(400, "bad schema"))
	c := e.operator(write)

	f := c.Call("agent", map[string]any{"idempotencyKey": "x"})
	if f.OK || f.Error.Message != "invalid agent params: must have required property 'message'" {
		t.Fatalf("no message: %s", f.Raw)
	}

	id := c.Request("agent", map[string]any{"message": "hi", "idempotencyKey": "run-1"})
	if ack := c.Response(id); payload(t, ack)["status"] != "accepted" {
		t.Fatalf("ack = %s", ack.Raw)
	}
	const noSession = "Error: Pass --to <E.164>, --session-id, or --agent to choose a session"
	fin := c.Response(id)
	if fin.OK || fin.Error.Code != "UNAVAILABLE" || fin.Error.Message != noSession || payload(t, fin)["summary"] != noSession ||
		payload(t, fin)["status"] != "error" {
		t.Fatalf("no session: %s", fin.Raw)
	}

	id = c.Request("agent", map[string]any{"message": "hi", "idempotencyKey": "err-1", "sessionKey": "agent:main:err"})
	c.Response(id) // accepted
	const rejected = "LLM request failed: provider rejected the request schema or tool payload."
	evs := until(t, c, "err-1")
	if got := labels(evs); !reflect.DeepEqual(got, []string{"agent/lifecycle:start@1", "agent/lifecycle:error@2", "chat/error@2"}) ||
		evs[1].Data["error"] != rejected || evs[2].ErrorMsg != rejected {
		t.Fatalf("events %q: %+v", got, evs)
	}
	fin = c.Response(id)
	if fin.OK || fin.Error.Message != rejected || payload(t, fin)["runId"] != "err-1" {
		t.Fatalf("failed run: %s", fin.Raw)
	}
	var wait map[string]any
	c.Result("agent.wait", map[string]any{"runId": "err-1", "timeoutMs": 1000}, &wait)
	if wait["status"] != "error" || wait["error"] != rejected {
		t.Fatalf("agent.wait = %v", wait)
	}
	var unknown map[string]any
	c.Result("agent.wait", map[string]any{"runId": "nosuch", "timeoutMs": 0}, &unknown)
	if len(unknown) != 2 || unknown["status"] != "timeout" || unknown["runId"] != "nosuch" {
		t.Fatalf("agent.wait of an unknown run = %v", unknown)
	}
}

// TestAgentDuplicatesGetTheFirstRunsReplies: a duplicate sent while the
// run goes on gets the cached ack and no final; one after it ended gets
// the cached final; the model is called once.
func TestAgentDuplicatesGetTheFirstRunsReplies(t *testing.T) {
	hold := make(chan struct{})
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Reply{Chunks: []string{"one", " two"}, Hold: hold, HoldAfter: 1})
	c := e.operator(write)
	params := map[string]any{"message": "hi", "idempotencyKey": "dup-1", "sessionKey": "agent:main:dup"}
	id := c.Request("agent", params)
	ack := c.Response(id)
	c.Next("first delta", func(f *gatewaytest.Frame) bool { return isRunEvent(f, "dup-1") && f.IsEvent("chat") })
	other := e.operator(write)
	dup := other.Call("agent", params)
	if string(dup.Payload) != string(ack.Payload) {
		t.Fatalf("duplicate in flight got %s, want the ack %s", dup.Payload, ack.Payload)
	}
	close(hold)
	fin := c.Response(id)
	again := other.Call("agent", params)
	if string(again.Payload) != string(fin.Payload) {
		t.Fatalf("duplicate after the end got %s, want the final %s", again.Payload, fin.Payload)
	}
	if n := len(e.fake.Requests()); n != 1 {
		t.Fatalf("%d model calls", n)
	}
	if !strings.Contains(string(fin.Payload), `"text":"one two"`) {
		t.Fatalf("final = %s", fin.Raw)
	}
}
