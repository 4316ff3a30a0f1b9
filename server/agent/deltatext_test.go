package agent

import (
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
)

// TestChatDeltaTextIsWhatTheDeltaAdds: a chat delta's deltaText
// (protocol 4) is the text added since the previous chat delta, so a
// piece that went out in no chat delta (spaced by ChatDeltaInterval) is
// part of the next one's; the deltaTexts add up to the final text. The
// clock moves 100 ms per piece (the observer steps it), so with v3's
// 150 ms spacing the second piece rides with the third.
func TestChatDeltaTextIsWhatTheDeltaAdds(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Text("Hel", "lo, ", "world"))
	var steps atomic.Int64
	base := time.Unix(1796567503, 0)
	h.rt = New(Deps{Catalog: &testModels{api: fakellm.APIOpenAICompletions, fake: h.fake}, Transcripts: h.ss, Publisher: h.pub,
		Now: func() time.Time { return base.Add(time.Duration(steps.Load()) * 100 * time.Millisecond) }, Log: h.rt.d.Log})
	h.start(t, StartRequest{RunID: "dt", SessionKey: "agent:main:dt", Message: "x", Observer: func(Update) { steps.Add(1) }})
	h.wait(t, "dt")
	var texts []string
	final := ""
	for _, d := range h.pub.of("dt") {
		if d.Event != "chat" || d.Target != "broadcast" {
			continue
		}
		if d.Payload["agentId"] != "main" {
			t.Errorf("chat %v: agentId %v", d.Payload["state"], d.Payload["agentId"])
		}
		switch d.Payload["state"] {
		case "delta":
			if d.Payload["replace"] != nil {
				t.Errorf("delta %v sets replace", d.Payload)
			}
			texts = append(texts, d.Payload["deltaText"].(string))
		case "final":
			final = jsonNumber(d.Payload["message"])
		}
	}
	if want := []string{"Hel", "lo, world"}; !reflect.DeepEqual(texts, want) {
		t.Fatalf("deltaTexts %q, want %q", texts, want)
	}
	if !strings.Contains(final, `"text":"Hello, world"`) {
		t.Fatalf("final message %s", final)
	}
}

// TestAgentEventsNameTheAgent: every agent event carries the session's
// agent and isHeartbeat false (protocol 4 members; the wire drops them
// for v3 connections).
func TestAgentEventsNameTheAgent(t *testing.T) {
	h := newHarness(t, fakellm.APIOpenAICompletions, fakellm.Text("ok"))
	h.start(t, StartRequest{RunID: "ag", SessionKey: "agent:main:ag", Message: "x"})
	h.wait(t, "ag")
	n := 0
	for _, d := range h.pub.of("ag") {
		if d.Event != "agent" {
			continue
		}
		n++
		if d.Payload["agentId"] != "main" || d.Payload["isHeartbeat"] != false {
			t.Errorf("agent event %v", d.Payload)
		}
	}
	if n == 0 {
		t.Fatal("no agent events")
	}
}

// TestDeltaTextReplacesWhatItDoesNotExtend: text that does not extend
// the previous delta's comes whole, with replace set.
func TestDeltaTextReplacesWhatItDoesNotExtend(t *testing.T) {
	if d, r := chatDeltaText("Hello", "Hello there"); *d != " there" || r != nil {
		t.Errorf("extension: %q %v", *d, r)
	}
	if d, r := chatDeltaText("Hello", "Goodbye"); *d != "Goodbye" || r == nil || !*r {
		t.Errorf("rewrite: %q %v", *d, r)
	}
	if d, r := chatDeltaText("", "Hi"); *d != "Hi" || r != nil {
		t.Errorf("first: %q %v", *d, r)
	}
}
