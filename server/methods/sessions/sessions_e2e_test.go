package sessions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/transcript"
)

func TestSessionsListRowsFiltersAndPages(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	e.seed("agent:main:alpha", user("[Sun 2026-12-06 14:32 UTC]   deploy the   new build please", 1), assistant("done", 2,
		&transcript.Usage{Input: 10, Output: 5, TotalTokens: 15}))
	e.seed("agent:ops:beta", user("hello", 3))
	c := e.operator("operator.read")

	var res protocol.SessionsListResult
	c.Result("sessions.list", obj{"includeDerivedTitles": true, "includeLastMessage": true}, &res)
	if res.Count != 2 || res.TotalCount != 2 || res.HasMore || res.LimitApplied != 100 || !strings.HasSuffix(res.Path, "state.db") {
		t.Fatalf("list = %+v", res)
	}
	if res.Sessions[0].Key != "agent:ops:beta" || res.Sessions[1].Key != "agent:main:alpha" {
		t.Fatalf("not newest first: %s, %s", res.Sessions[0].Key, res.Sessions[1].Key)
	}
	alpha := res.Sessions[1]
	if alpha.Kind != "direct" || deref(alpha.ChatType) != "direct" || alpha.SessionID == nil || alpha.HasActiveRun == nil ||
		*alpha.HasActiveRun || deref(alpha.DerivedTitle) != "deploy the new build please" ||
		deref(alpha.LastMessagePreview) != "done" {
		t.Fatalf("alpha row = %s", mustJSON(alpha))
	}
	if !jsonEqual(string(res.Defaults.ThinkingDefault), `"off"`) || res.Defaults.Model != nil {
		t.Fatalf("defaults without a catalog = %s", mustJSON(res.Defaults))
	}

	c.Result("sessions.list", obj{"limit": 1}, &res)
	if res.Count != 1 || res.TotalCount != 2 || !res.HasMore || res.LimitApplied != 1 {
		t.Fatalf("limit 1 = %+v", res)
	}
	c.Result("sessions.list", obj{"agentId": "ops"}, &res)
	if res.Count != 1 || res.Sessions[0].Key != "agent:ops:beta" {
		t.Fatalf("agentId ops = %+v", res.Sessions)
	}
	c.Result("sessions.list", obj{"search": "ALPHA"}, &res)
	if res.Count != 1 || res.Sessions[0].Key != "agent:main:alpha" {
		t.Fatalf("search = %+v", res.Sessions)
	}
	c.Result("sessions.list", obj{"spawnedBy": "agent:main:alpha"}, &res)
	if res.Count != 0 || res.TotalCount != 0 {
		t.Fatalf("spawnedBy = %+v", res.Sessions)
	}
}

func TestSessionsPatchLabelThinkingAndModel(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	admin := e.admin()
	key := "agent:main:p1"
	var res protocol.SessionsPatchResult
	admin.Result("sessions.patch", obj{"key": key, "label": "  Work  ", "thinkingLevel": "think-harder"}, &res)
	if !res.Ok || res.Key != key || !jsonEqual(string(res.Entry["label"]), `"Work"`) ||
		!jsonEqual(string(res.Entry["thinkingLevel"]), `"medium"`) || res.Entry["sessionId"] == nil {
		t.Fatalf("patch = %s", mustJSON(res))
	}
	var cleared protocol.SessionsPatchResult
	admin.Result("sessions.patch", obj{"key": key, "label": nil}, &cleared)
	if res = cleared; res.Entry["label"] != nil || !jsonEqual(string(res.Entry["thinkingLevel"]), `"medium"`) {
		t.Fatalf("clearing the label: %s", mustJSON(res.Entry))
	}
	admin.Result("sessions.patch", obj{"key": "agent:main:other", "label": "taken"}, nil)
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "label": "taken"}), "INVALID_REQUEST", "label already in use: taken")
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "label": "   "}), "INVALID_REQUEST", "invalid label: empty")
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "thinkingLevel": "loud"}), "INVALID_REQUEST",
		"invalid thinkingLevel (use off|minimal|low|medium|high)")
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "thinkingLevel": "xhigh"}), "INVALID_REQUEST",
		`thinkingLevel "xhigh" is not supported for the default model (use off|minimal|low|medium|high)`)
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "model": "fake/fake-model"}), "INVALID_REQUEST",
		`no model provider is configured; set models.providers.<id> (baseUrl, api, apiKey, models[].id) and `+
			`agents.defaults.model.primary ("<provider>/<model>") in the config file`)
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "fastMode": true}), "INVALID_REQUEST",
		"sessions.patch fastMode is not supported by gatewire")
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "bogus": 1}), "INVALID_REQUEST",
		"invalid sessions.patch params: at root: unexpected property 'bogus'")
	wantError(t, e.operator("operator.write").Call("sessions.patch", obj{"key": key}), "INVALID_REQUEST",
		"missing scope: operator.admin")
}

func TestSessionsResetAndDelete(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	admin := e.admin()
	key := "agent:main:r1"
	e.seed(key, user("one", 1))
	before, _ := history(t, admin, obj{"sessionKey": key})

	var reset protocol.SessionsResetResult
	admin.Result("sessions.reset", obj{"key": key, "reason": "new"}, &reset)
	if !reset.Ok || reset.Key != key || jsonEqual(string(reset.Entry["sessionId"]), mustJSON(*before.SessionID)) {
		t.Fatalf("reset = %s (was %s)", mustJSON(reset), *before.SessionID)
	}
	if after, msgs := history(t, admin, obj{"sessionKey": key}); len(msgs) != 0 || after.SessionID == nil {
		t.Fatalf("history after reset: %v", msgs)
	}
	admin.Result("sessions.reset", obj{"key": "agent:main:fresh"}, &reset)
	if reset.Entry["sessionId"] == nil {
		t.Fatalf("reset of an unknown key: %s", mustJSON(reset))
	}
	wantError(t, admin.Call("sessions.reset", obj{}), "INVALID_REQUEST",
		"invalid sessions.reset params: must have required property 'key'")

	wantError(t, admin.Call("sessions.delete", obj{"key": "agent:main:main"}), "INVALID_REQUEST",
		"Cannot delete the main session (agent:main:main).")
	wantError(t, admin.Call("sessions.delete", obj{"key": "main"}), "INVALID_REQUEST",
		"Cannot delete the main session (agent:main:main).")
	var del protocol.SessionsDeleteResult
	admin.Result("sessions.delete", obj{"key": key}, &del)
	if !del.Ok || !del.Deleted || len(del.Archived) != 1 || !strings.Contains(del.Archived[0], "state.db#") {
		t.Fatalf("delete = %s", mustJSON(del))
	}
	admin.Result("sessions.delete", obj{"key": key}, &del)
	if del.Deleted || len(del.Archived) != 0 {
		t.Fatalf("second delete = %s", mustJSON(del))
	}
	var list protocol.SessionsListResult
	admin.Result("sessions.list", obj{}, &list)
	for _, r := range list.Sessions {
		if r.Key == key {
			t.Fatalf("deleted session still listed")
		}
	}
}

func TestSessionsCompactWithoutAModel(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	admin := e.admin()
	var res protocol.SessionsCompactResult
	admin.Result("sessions.compact", obj{"key": "agent:main:none"}, &res)
	if res.Compacted || deref(res.Reason) != "no transcript" {
		t.Fatalf("unknown session: %s", mustJSON(res))
	}
	e.seed("agent:main:c1", user("hi", 1), assistant("hello", 2, nil))
	// The runtime's Summarize asks the catalog, whose error names the keys.
	f := admin.Call("sessions.compact", obj{"key": "agent:main:c1"})
	if f.OK || f.Error.Code != "UNAVAILABLE" || !strings.HasPrefix(f.Error.Message, "compaction failed: ") ||
		!strings.Contains(f.Error.Message, "models.providers") || !strings.Contains(f.Error.Message, "agents.defaults.model.primary") {
		t.Fatalf("compaction without a model = %s", f.Raw)
	}
}

func TestSessionsChangedGoesToSubscribersOnly(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	sub := e.operator("operator.read")
	other := e.operator("operator.read")
	admin := e.admin()
	var s protocol.SessionsSubscribeResult
	sub.Result("sessions.subscribe", obj{}, &s)
	if !s.Subscribed {
		t.Fatal("not subscribed")
	}
	admin.Result("sessions.patch", obj{"key": "agent:main:w", "label": "watched"}, nil)
	f := sub.Next("sessions.changed patch", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"reason":"patch"`)
	})
	if f.Seq != nil {
		t.Fatalf("sessions.changed carries seq: %s", f.Raw)
	}
	var ev protocol.SessionsChangedEvent
	if err := f.Decode(&ev); err != nil || deref(ev.SessionKey) != "agent:main:w" || !jsonEqual(string(ev.Extra["label"]), `"watched"`) {
		t.Fatalf("event = %s (%v)", f.Raw, err)
	}
	ids := e.seed("agent:main:w", user("hello", 1))
	f = sub.Next("sessions.changed message", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"phase":"message"`)
	})
	var msg protocol.SessionsChangedEvent
	if err := f.Decode(&msg); err != nil || msg.Reason != nil || !jsonEqual(string(msg.Extra["messageId"]), mustJSON(ids[0])) ||
		!jsonEqual(string(msg.Extra["messageSeq"]), `1`) {
		t.Fatalf("message event = %s (%v)", f.Raw, err)
	}
	if err := e.g.Transcripts().RecordRun(context.Background(), "agent:main:w",
		transcript.RunInfo{Status: transcript.RunRunning, StartedAt: 2}, nil); err != nil {
		t.Fatal(err)
	}
	sub.Next("sessions.changed start", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"phase":"start"`)
	})
	other.Result("sessions.list", obj{}, nil) // anything queued for it arrived before this answer
	for _, fr := range other.Frames() {
		if fr.Event == protocol.EventSessionsChanged {
			t.Fatalf("an unsubscribed connection got %s", fr.Raw)
		}
	}
	sub.Result("sessions.unsubscribe", obj{}, &s)
	if s.Subscribed {
		t.Fatal("still subscribed")
	}
	admin.Result("sessions.patch", obj{"key": "agent:main:w", "label": "again"}, nil)
	admin.Result("sessions.subscribe", obj{}, nil)
	admin.Result("sessions.patch", obj{"key": "agent:main:w", "label": "third"}, nil)
	admin.Next("sessions.changed third", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"third"`)
	})
	sub.Result("sessions.list", obj{}, nil)
	for _, fr := range sub.Frames() {
		if fr.Event == protocol.EventSessionsChanged && strings.Contains(string(fr.Payload), `"again"`) {
			t.Fatalf("an unsubscribed connection got %s", fr.Raw)
		}
	}
}

func TestUsageCostAndSessionsUsage(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	e := start(t, gatewaytest.Options{Now: func() time.Time { return now }})
	day1 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC).UnixMilli()
	day2 := now.UnixMilli()
	e.seed("agent:main:u1", user("q", day1), assistant("a", day1+1, &transcript.Usage{Input: 100, Output: 50, TotalTokens: 150, Cost: 0.5}))
	e.seed("agent:main:u2", user("q", day2), assistant("a", day2+1, &transcript.Usage{Input: 10, Output: 5, TotalTokens: 15}))
	c := e.operator("operator.read")

	var cost protocol.UsageCostResult
	c.Result("usage.cost", obj{"days": 7}, &cost)
	if cost.Days != 7 || len(cost.Daily) != 2 || cost.Daily[0].Date != "2026-12-05" || cost.Daily[1].Date != "2026-12-06" {
		t.Fatalf("usage.cost = %s", mustJSON(cost))
	}
	if cost.Totals.TotalTokens != 165 || cost.Totals.TotalCost != 0.5 || cost.Totals.MissingCostEntries != 1 {
		t.Fatalf("totals = %s", mustJSON(cost.Totals))
	}
	c.Result("usage.cost", obj{"startDate": "2026-12-06", "endDate": "2026-12-06"}, &cost)
	if cost.Days != 1 || len(cost.Daily) != 1 || cost.Totals.TotalTokens != 15 {
		t.Fatalf("one day = %s", mustJSON(cost))
	}

	var su protocol.SessionsUsageResult
	c.Result("sessions.usage", obj{}, &su)
	if len(su.Sessions) != 2 || su.Totals.TotalTokens != 165 {
		t.Fatalf("sessions.usage = %s", mustJSON(su))
	}
	byKey := map[string]protocol.SessionUsage{}
	for _, s := range su.Sessions {
		byKey[s.Key] = s
	}
	u1 := byKey["agent:main:u1"].Usage.Value
	if u1 == nil || u1.TotalCost != 0.5 || !jsonEqual(string(u1.Extra["messageCounts"]),
		`{"total":2,"user":1,"assistant":1,"toolCalls":0,"toolResults":0,"errors":0}`) {
		t.Fatalf("u1 usage = %s", mustJSON(byKey["agent:main:u1"]))
	}
	if !jsonEqual(string(su.Aggregates["messages"]), `{"total":4,"user":2,"assistant":2,"toolCalls":0,"toolResults":0,"errors":0}`) {
		t.Fatalf("aggregates = %s", mustJSON(su.Aggregates))
	}
	// OpenClaw's Control UI reads aggregates.tools.tools and byChannel.
	if !jsonEqual(string(su.Aggregates["tools"]), `{"totalCalls":0,"uniqueTools":0,"tools":[]}`) || string(su.Aggregates["byChannel"]) != "[]" {
		t.Fatalf("aggregates = %s", mustJSON(su.Aggregates))
	}
	su = protocol.SessionsUsageResult{}
	c.Result("sessions.usage", obj{"key": "agent:main:u1"}, &su)
	if len(su.Sessions) != 1 || su.Sessions[0].Key != "agent:main:u1" {
		t.Fatalf("one key = %s", mustJSON(su.Sessions))
	}
	wantError(t, c.Call("usage.cost", obj{"startDate": "12/05/2026"}), "INVALID_REQUEST",
		`invalid usage.cost params: at /startDate: must match pattern "^\\d{4}-\\d{2}-\\d{2}$"`)
}
