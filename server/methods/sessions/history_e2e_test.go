package sessions_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/transcript"
)

func TestChatHistoryShowsVisibleMessagesInV3Shape(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	key := "agent:main:chat1"
	hidden := user("Sender (untrusted metadata): {}", 2)
	hidden.Hidden = true
	ids := e.seed(key, user("[Sun 2026-12-06 14:32 UTC] hi fake:echo", 1), hidden,
		assistant("FAKE-REPLY-OK", 3, &transcript.Usage{}))
	c := e.operator("operator.read")

	res, msgs := history(t, c, obj{"sessionKey": key})
	if res.SessionID == nil || *res.SessionID == "" || deref(res.ThinkingLevel) != "off" || len(msgs) != 2 {
		t.Fatalf("history = %+v", res)
	}
	wantUser := `{"role":"user","content":[{"type":"text","text":"hi fake:echo"}],"timestamp":1,"__openclaw":{"id":"` + ids[0] + `","seq":1}}`
	if got, _ := json.Marshal(msgs[0]); !jsonEqual(string(got), wantUser) {
		t.Fatalf("user message\n got %s\nwant %s", got, wantUser)
	}
	wantAssistant := `{"role":"assistant","content":[{"type":"text","text":"FAKE-REPLY-OK"}],"api":"openai-completions",` +
		`"provider":"fake","model":"fake-model","usage":{"input":0,"output":0,"totalTokens":0,"cacheRead":0,"cacheWrite":0,` +
		`"cost":{"total":0}},"stopReason":"stop","timestamp":3,"responseId":"chatcmpl-fake-4","__openclaw":{"id":"` + ids[2] + `","seq":2}}`
	if got, _ := json.Marshal(msgs[1]); !jsonEqual(string(got), wantAssistant) {
		t.Fatalf("assistant message\n got %s\nwant %s", got, wantAssistant)
	}
	if _, last := history(t, c, obj{"sessionKey": key, "limit": 1}); len(last) != 1 || last[0]["__openclaw"].(obj)["seq"] != 2.0 {
		t.Fatalf("limit 1 = %v", last)
	}
	unknown, none := history(t, c, obj{"sessionKey": "agent:main:nosuch"})
	if unknown.SessionID != nil || len(none) != 0 || unknown.SessionKey != "agent:main:nosuch" {
		t.Fatalf("unknown session = %+v", unknown)
	}
	wantError(t, c.Call("chat.history", obj{}), "INVALID_REQUEST",
		"invalid chat.history params: must have required property 'sessionKey'")
	wantError(t, c.Call("chat.history", obj{"sessionKey": "agent:main"}), "INVALID_REQUEST",
		"invalid session key: agent:main")
}

func TestChatHistoryCapsTextAndSize(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	key := "agent:main:big"
	e.seed(key, user(strings.Repeat("é", 30), 1), assistant(strings.Repeat("x", 200<<10), 2, nil))
	c := e.operator("operator.read")

	_, msgs := history(t, c, obj{"sessionKey": key, "maxChars": 20})
	text := msgs[0]["content"].([]any)[0].(obj)["text"]
	if text != strings.Repeat("é", 20)+"\n...(truncated)..." {
		t.Fatalf("maxChars 20 cut to %q", text)
	}
	// The default 8,000 characters keep the 200 KiB reply under the
	// 128 KiB message cap; the largest maxChars does not.
	_, msgs = history(t, c, obj{"sessionKey": key, "maxChars": 500000})
	over := msgs[1]
	if over["content"].([]any)[0].(obj)["text"] != "[chat.history omitted: message too large]" ||
		!jsonEqual(mustJSON(over["__openclaw"]), `{"truncated":true,"reason":"oversized"}`) || over["timestamp"] != 2.0 {
		t.Fatalf("oversized message = %v", over)
	}
}

func TestChatHistoryKeepsTheNewestWithinSixMiB(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	key := "agent:main:many"
	var msgs []transcript.Message
	for i := range 50 { // 50 × 126 KiB > 6 MiB
		msgs = append(msgs, assistant(strings.Repeat(string(rune('a'+i%26)), 126<<10), int64(i+1), nil))
	}
	e.seed(key, msgs...)
	c := e.operator("operator.read")
	res, got := history(t, c, obj{"sessionKey": key, "maxChars": 500000})
	size := len(mustJSON(res.Messages))
	if size > 6<<20 || len(got) >= 50 || got[len(got)-1]["__openclaw"].(obj)["seq"] != 50.0 {
		t.Fatalf("%d messages, %d bytes; last %v", len(got), size, got[len(got)-1]["__openclaw"])
	}
	if first := got[0]["__openclaw"].(obj)["seq"].(float64); int(first) != 50-len(got)+1 {
		t.Fatalf("not the newest contiguous messages: first seq %v of %d", first, len(got))
	}
}

func TestHistorySurvivesRestart(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	key := "agent:main:durable"
	e.seed(key, user("before restart", 1))
	dir := e.g.StateDir
	e.g.Stop()
	e2 := start(t, gatewaytest.Options{StateDir: dir})
	_, msgs := history(t, e2.operator("operator.read"), obj{"sessionKey": key})
	if len(msgs) != 1 || msgs[0]["content"].([]any)[0].(obj)["text"] != "before restart" {
		t.Fatalf("after restart: %v", msgs)
	}
}

func TestChatInjectAppendsAndBroadcastsAFinal(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	key := "agent:main:inj"
	admin := e.admin()
	watcher := e.operator("operator.read")
	wantError(t, admin.Call("chat.inject", obj{"sessionKey": key, "message": "note"}), "INVALID_REQUEST", "session not found")
	wantError(t, watcher.Call("chat.inject", obj{"sessionKey": key, "message": "note"}), "INVALID_REQUEST",
		"missing scope: operator.admin")
	e.seed(key, user("hi", 1))

	var res protocol.ChatInjectResult
	admin.Result("chat.inject", obj{"sessionKey": key, "message": "injected note", "label": "lbl"}, &res)
	if !res.Ok || len(res.MessageID) != 36 {
		t.Fatalf("inject = %+v", res)
	}
	f := watcher.NextEvent(protocol.EventChat)
	var ev protocol.ChatEvent
	if err := f.Decode(&ev); err != nil || f.Seq == nil {
		t.Fatalf("chat event %s (%v)", f.Raw, err)
	}
	if ev.RunID != "inject-"+res.MessageID || ev.Seq != 0 || ev.State != protocol.ChatEventStateFinal || ev.SessionKey != key {
		t.Fatalf("chat event = %s", f.Raw)
	}
	got := decode(t, mustRaw(ev.Message)).(obj)
	want := `{"role":"assistant","content":[{"type":"text","text":"[lbl]\n\ninjected note"}],"stopReason":"stop",` +
		`"usage":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"totalTokens":0,"cost":{"total":0}},` +
		`"api":"openai-responses","provider":"openclaw","model":"gateway-injected"}`
	delete(got, "timestamp")
	if !jsonEqual(mustJSON(got), want) {
		t.Fatalf("injected message\n got %s\nwant %s", mustJSON(got), want)
	}
	_, msgs := history(t, watcher, obj{"sessionKey": key})
	if len(msgs) != 2 || msgs[1]["__openclaw"].(obj)["id"] != res.MessageID {
		t.Fatalf("history after inject: %v", msgs)
	}
}
