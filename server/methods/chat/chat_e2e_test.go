package chat_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestChatSendStreamsAndDeduplicates: started, the chat stream; a
// duplicate while the run goes on is in_flight (concurrent duplicates on
// several connections included: one run), after it is ok; one model call.
func TestChatSendStreamsAndDeduplicates(t *testing.T) {
	hold := make(chan struct{})
	e := start(t, fakellm.APIAnthropicMessages, fakellm.Reply{Chunks: []string{"Hi", " there"}, Hold: hold, HoldAfter: 1})
	params := map[string]any{"sessionKey": "agent:main:cs", "message": "hello", "idempotencyKey": "cs-1"}
	clients := []*gatewaytest.Client{e.operator(write), e.operator(write), e.operator(write), e.operator(write)}
	statuses := make([]string, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var res map[string]any
			c.Result("chat.send", params, &res)
			statuses[i] = res["status"].(string)
		}()
	}
	wg.Wait()
	counts := map[string]int{}
	for _, s := range statuses {
		counts[s]++
	}
	if counts["started"] != 1 || counts["in_flight"] != len(clients)-1 {
		t.Fatalf("concurrent sends answered %v", statuses)
	}
	c := clients[0]
	c.Next("first delta", func(f *gatewaytest.Frame) bool { return isRunEvent(f, "cs-1") && f.IsEvent("chat") })
	var res map[string]any
	c.Result("chat.send", params, &res)
	if res["status"] != "in_flight" {
		t.Fatalf("duplicate while running = %v", res)
	}
	close(hold)
	evs := until(t, c, "cs-1")
	if last := evs[len(evs)-1]; last.State != "final" || last.text() != "Hi there" || last.Message.Role != "assistant" {
		t.Fatalf("final = %+v", last)
	}
	var wait map[string]any
	c.Result("agent.wait", map[string]any{"runId": "cs-1"}, &wait)
	if wait["status"] != "ok" || wait["livenessState"] != "working" || wait["endedAt"] == nil {
		t.Fatalf("agent.wait = %v", wait)
	}
	c.Result("chat.send", params, &res)
	if res["status"] != "ok" || res["runId"] != "cs-1" {
		t.Fatalf("duplicate after the run = %v", res)
	}
	if n := len(e.fake.Requests()); n != 1 {
		t.Fatalf("%d model calls", n)
	}
	if got := e.fake.Requests()[0].Messages(); len(got) != 1 || !strings.HasSuffix(got[0][1], "] hello") {
		t.Fatalf("the model saw %q", got)
	}
}

// TestChatAbortMidStream: the aborted chat event with the partial text
// and the lifecycle end come before chat.abort's reply, the provider's
// stream is cut, and the session takes the next message at once.
func TestChatAbortMidStream(t *testing.T) {
	e := start(t, fakellm.APIOpenAIResponses, fakellm.Reply{Chunks: []string{"slow-0 ", "slow-1"}, Stall: true}, fakellm.Text("next answer"))
	c := e.operator(write)
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:ab1", "message": "go slowly", "idempotencyKey": "ab-1"})
	for { // the run's events up to its second delta
		ev := decodeRunEvent(t, c.Next("run event", func(f *gatewaytest.Frame) bool { return isRunEvent(f, "ab-1") }))
		if ev.Stream == "assistant" && ev.Data["text"] == "slow-0 slow-1" {
			break
		}
	}
	id := c.Request("chat.abort", map[string]any{"sessionKey": "agent:main:ab1", "runId": "ab-1"})
	var order []string
	var evs []runEvent
	for {
		f := c.Next("abort frame", func(f *gatewaytest.Frame) bool { return f.IsResponse(id) || isRunEvent(f, "ab-1") })
		if f.Type == "res" {
			order = append(order, "res")
			if p := payload(t, f); p["aborted"] != true || !reflect.DeepEqual(p["runIds"], []any{"ab-1"}) {
				t.Fatalf("chat.abort = %s", f.Raw)
			}
			break
		}
		ev := decodeRunEvent(t, f)
		evs = append(evs, ev)
		order = append(order, ev.label())
	}
	if !reflect.DeepEqual(order, []string{"chat/aborted@4", "agent/lifecycle:end@4", "res"}) {
		t.Fatalf("order = %q", order)
	}
	if evs[0].StopReason != "rpc" || evs[0].text() != "slow-0 slow-1" || evs[1].Data["status"] != "cancelled" || evs[1].Data["stopReason"] != "rpc" {
		t.Fatalf("abort events = %+v", evs)
	}
	if path := <-e.fake.Gone(); path != "/v1/responses" {
		t.Fatalf("gone = %q", path)
	}
	var res map[string]any
	c.Result("chat.abort", map[string]any{"sessionKey": "agent:main:ab1"}, &res)
	if res["aborted"] != false || len(res["runIds"].([]any)) != 0 {
		t.Fatalf("abort with nothing running = %v", res)
	}
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:ab1", "message": "again", "idempotencyKey": "ab-2"})
	if last := until(t, c, "ab-2"); last[len(last)-1].text() != "next answer" {
		t.Fatalf("next run = %+v", last)
	}
	conv := e.fake.Requests()[1].Messages()
	if len(conv) != 3 || conv[1] != [2]string{"assistant", "slow-0 slow-1"} {
		t.Fatalf("the model saw after the abort: %q", conv)
	}
}

func TestChatSendRefusals(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions)
	c := e.operator(write)
	for _, tc := range []struct {
		params map[string]any
		want   string
	}{
		{map[string]any{"sessionKey": "agent:main:x", "message": "hi"}, "invalid chat.send params: must have required property 'idempotencyKey'"},
		{map[string]any{"message": "hi", "idempotencyKey": "k"}, "invalid chat.send params: must have required property 'sessionKey'"},
		{map[string]any{"sessionKey": "agent:main:x", "message": "  ", "idempotencyKey": "k"}, "message or attachment required"},
		{map[string]any{"sessionKey": "agent:ghost:x", "message": "hi", "idempotencyKey": "k"}, `unknown agent id "ghost"`},
		{map[string]any{"sessionKey": "agent:main:x", "message": "hi", "idempotencyKey": "k", "originatingChannel": "slack"}, "originating route fields require admin scope"},
	} {
		if f := c.Call("chat.send", tc.params); f.OK || f.Error.Code != "INVALID_REQUEST" || f.Error.Message != tc.want {
			t.Errorf("chat.send %v = %s, want %q", tc.params, f.Raw, tc.want)
		}
	}
	for _, tc := range []struct {
		params map[string]any
		want   string
	}{
		{map[string]any{"to": "+15550001", "message": "hi", "channel": "webchat", "idempotencyKey": "s1"}, "unsupported channel: webchat (internal-only). Use `chat.send` for WebChat UI messages or choose a deliverable channel."},
		{map[string]any{"to": "+15550001", "message": "hi", "channel": "telegram", "idempotencyKey": "s2"}, "unsupported channel: telegram"},
		{map[string]any{"to": "+15550001", "message": "hi", "idempotencyKey": "s3"}, "Error: Channel is required (no configured channels detected)."},
		{map[string]any{"to": "+15550001", "idempotencyKey": "s4"}, "invalid send params: text or media is required"},
	} {
		if f := c.Call("send", tc.params); f.OK || f.Error.Code != "INVALID_REQUEST" || f.Error.Message != tc.want {
			t.Errorf("send %v = %s, want %q", tc.params, f.Raw, tc.want)
		}
	}
}

// TestSessionsQueueOneRunAtATime: a second message to a busy session
// waits for the first run; its run sees the first answer.
func TestSessionsQueueOneRunAtATime(t *testing.T) {
	hold := make(chan struct{})
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Reply{Text: "first answer", Hold: hold, HoldAfter: 1}, fakellm.Text("second answer"))
	c := e.operator(write)
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:q", "message": "one", "idempotencyKey": "q-1"})
	c.Next("first delta", func(f *gatewaytest.Frame) bool { return isRunEvent(f, "q-1") && f.IsEvent("chat") })
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:q", "message": "two", "idempotencyKey": "q-2"})
	close(hold)
	until(t, c, "q-1")
	if evs := until(t, c, "q-2"); evs[0].label() != "agent/lifecycle:start@1" || evs[len(evs)-1].text() != "second answer" {
		t.Fatalf("second run = %q", labels(evs))
	}
	conv := e.fake.Requests()[1].Messages()
	if len(conv) != 3 || conv[1] != [2]string{"assistant", "first answer"} || !strings.HasSuffix(conv[2][1], "] two") {
		t.Fatalf("the second run saw %q", conv)
	}
}

// TestHistoryIsIntactAfterARestart: a new gateway on the same state
// directory continues the conversation where the old one left it.
func TestHistoryIsIntactAfterARestart(t *testing.T) {
	fake := fakellm.Start(t, fakellm.Text("remembered"), fakellm.Text("still here"))
	o := gatewaytest.Options{Config: providerConfig(fake, fakellm.APIOpenAICompletions)}
	g := gatewaytest.Start(t, o)
	e := &env{t: t, g: g, fake: fake}
	c := e.operator(write)
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "remember this", "idempotencyKey": "h-1"})
	until(t, c, "h-1")
	g.Stop()

	o.StateDir = g.StateDir
	e.g = gatewaytest.Start(t, o)
	c = e.operator(write)
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "and now?", "idempotencyKey": "h-2"})
	until(t, c, "h-2")
	conv := fake.Requests()[1].Messages()
	if len(conv) != 3 || !strings.HasSuffix(conv[0][1], "] remember this") || conv[1] != [2]string{"assistant", "remembered"} {
		t.Fatalf("after the restart the model saw %q", conv)
	}
}
