package approvals_test

import (
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

func TestSinglePhaseDecidedByASecondOperator(t *testing.T) {
	_, requester, approver := start(t)
	id := requester.Request("exec.approval.request", obj{"command": "ls -la", "cwd": "/tmp", "env": obj{"SECRET": "v"}})
	ev := requested(t, approver)
	keys(t, "requested", ev, "id", "request", "createdAtMs", "expiresAtMs")
	if ev["expiresAtMs"].(float64)-ev["createdAtMs"].(float64) != 1800000 {
		t.Fatalf("default timeout: %v", ev)
	}
	req := ev["request"].(obj)
	keys(t, "request", req, "command", "systemRunBinding", "systemRunPlan", "cwd", "nodeId", "host", "security", "ask",
		"warningText", "commandAnalysis", "allowedDecisions", "agentId", "resolvedPath", "sessionKey", "turnSourceChannel",
		"turnSourceTo", "turnSourceAccountId", "turnSourceThreadId", "envKeys")
	if req["cwd"] != "/tmp" || req["host"] != nil || len(req["envKeys"].([]any)) != 1 || req["envKeys"].([]any)[0] != "SECRET" {
		t.Fatalf("request: %v", req)
	}
	keys(t, "commandAnalysis", req["commandAnalysis"].(obj), "commandCount", "nestedCommandCount", "riskKinds", "warningLines")

	full := ev["id"].(string)
	if got := ok(t, approver, "exec.approval.resolve", obj{"id": full[:8], "decision": "allow-once"}); len(got) != 1 || got["ok"] != true {
		t.Fatalf("resolve: %v", got)
	}
	res := decode(t, requester.Response(id))
	keys(t, "final", res, "id", "decision", "createdAtMs", "expiresAtMs")
	if res["id"] != full || res["decision"] != "allow-once" {
		t.Fatalf("final: %v", res)
	}
	rev := decode(t, approver.NextEvent("exec.approval.resolved"))
	keys(t, "resolved", rev, "id", "decision", "resolvedBy", "ts", "request")
	if rev["id"] != full || rev["resolvedBy"] != "Alice" || rev["decision"] != "allow-once" {
		t.Fatalf("resolved: %v", rev)
	}
}

func TestTwoPhaseAcceptedThenFinal(t *testing.T) {
	_, requester, approver := start(t)
	id := requester.Request("exec.approval.request", obj{"command": "make", "twoPhase": true})
	first := decode(t, requester.Response(id))
	keys(t, "accepted", first, "status", "id", "createdAtMs", "expiresAtMs")
	if first["status"] != "accepted" {
		t.Fatalf("accepted: %v", first)
	}
	ok(t, approver, "exec.approval.resolve", obj{"id": first["id"], "decision": "deny"})
	final := decode(t, requester.Response(id))
	keys(t, "final", final, "id", "decision", "createdAtMs", "expiresAtMs")
	if final["decision"] != "deny" || final["createdAtMs"] != first["createdAtMs"] || final["expiresAtMs"] != first["expiresAtMs"] {
		t.Fatalf("final %v after %v", final, first)
	}
}

func TestNoApproverAnswersNullAtOnce(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	requester := operator(t, g, "", "operator.approvals")
	operator(t, g, "", "operator.read", "operator.write") // not approval-capable
	for _, twoPhase := range []bool{false, true} {
		res := ok(t, requester, "exec.approval.request", obj{"command": "ls", "twoPhase": twoPhase})
		keys(t, "reply", res, "id", "decision", "createdAtMs", "expiresAtMs")
		if res["decision"] != nil {
			t.Fatalf("decision: %v", res)
		}
		requested(t, requester) // the requester holds operator.approvals
		refused(t, requester, "exec.approval.get", obj{"id": res["id"]}, "unknown or expired approval id", "APPROVAL_NOT_FOUND")
		refused(t, requester, "exec.approval.resolve", obj{"id": res["id"], "decision": "deny"}, "approval already resolved", "APPROVAL_ALREADY_RESOLVED")
		w := ok(t, requester, "exec.approval.waitDecision", obj{"id": res["id"]})
		if w["decision"] != nil || w["id"] != res["id"] {
			t.Fatalf("waitDecision: %v", w)
		}
	}
}

func TestExpiryAnswersNullWithoutResolvedEvent(t *testing.T) {
	_, requester, approver := start(t)
	id := requester.Request("exec.approval.request", obj{"command": "sleep 1", "timeoutMs": 300})
	full := requested(t, approver)["id"]
	res := decode(t, requester.Response(id))
	if res["decision"] != nil || res["id"] != full {
		t.Fatalf("expired: %v", res)
	}
	if evs := approvalEvents(t, approver, "exec.approval.list"); len(evs) != 0 {
		t.Fatalf("events on expiry: %s", evs[0].Raw)
	}
	refused(t, approver, "exec.approval.get", obj{"id": full}, "unknown or expired approval id", "APPROVAL_NOT_FOUND")
	if l := approver.Call("exec.approval.list", obj{}); string(l.Payload) != "[]" {
		t.Fatalf("list: %s", l.Raw)
	}
	if w := ok(t, approver, "exec.approval.waitDecision", obj{"id": full}); w["decision"] != nil {
		t.Fatalf("waitDecision: %v", w)
	}
}

func TestResolveTwiceAndWaitDecisionInGrace(t *testing.T) {
	_, requester, approver := start(t)
	id := requester.Request("exec.approval.request", obj{"id": "abc-123", "command": "ls"})
	requested(t, approver)
	wait := approver.Request("exec.approval.waitDecision", obj{"id": "abc-123"})
	ok(t, approver, "exec.approval.resolve", obj{"id": "abc", "decision": "allow-always"})
	if w := decode(t, approver.Response(wait)); w["decision"] != "allow-always" {
		t.Fatalf("waitDecision: %v", w)
	}
	decode(t, requester.Response(id))
	approver.NextEvent("exec.approval.resolved")
	ok(t, approver, "exec.approval.resolve", obj{"id": "abc-123", "decision": "allow-always"})
	refused(t, approver, "exec.approval.resolve", obj{"id": "abc-123", "decision": "deny"}, "approval already resolved", "APPROVAL_ALREADY_RESOLVED")
	if evs := approvalEvents(t, approver, "exec.approval.list"); len(evs) != 0 {
		t.Fatalf("second resolved event: %s", evs[0].Raw)
	}
	w := ok(t, approver, "exec.approval.waitDecision", obj{"id": "abc-123"})
	keys(t, "waitDecision", w, "id", "decision", "createdAtMs", "expiresAtMs")
	refused(t, approver, "exec.approval.get", obj{"id": "abc-123"}, "unknown or expired approval id", "APPROVAL_NOT_FOUND")
}

func TestAskAlwaysRefusesAllowAlways(t *testing.T) {
	_, requester, approver := start(t)
	requester.Request("exec.approval.request", obj{"id": "a1", "command": "rm x", "ask": "always", "agentId": "main"})
	ev := requested(t, approver)
	if d := ev["request"].(obj)["allowedDecisions"].([]any); len(d) != 2 || d[0] != "allow-once" || d[1] != "deny" {
		t.Fatalf("allowedDecisions: %v", d)
	}
	get := ok(t, approver, "exec.approval.get", obj{"id": "a1"})
	keys(t, "get", get, "id", "commandText", "commandPreview", "allowedDecisions", "host", "nodeId", "agentId", "expiresAtMs")
	if get["commandText"] != "rm x" || get["commandPreview"] != nil || get["agentId"] != "main" || len(get["allowedDecisions"].([]any)) != 2 {
		t.Fatalf("get: %v", get)
	}
	refused(t, approver, "exec.approval.resolve", obj{"id": "a1", "decision": "allow-always"},
		"allow-always is unavailable because the effective policy requires approval every time", "APPROVAL_ALLOW_ALWAYS_UNAVAILABLE")
	if l := ok(t, approver, "exec.approval.get", obj{"id": "a1"}); l["id"] != "a1" {
		t.Fatalf("no longer pending: %v", l)
	}
}

func TestPrefixIdsAndListing(t *testing.T) {
	_, requester, approver := start(t)
	requester.Request("exec.approval.request", obj{"id": "job-1", "command": "a"})
	requester.Request("exec.approval.request", obj{"id": "job-2", "command": "b"})
	requested(t, approver)
	requested(t, approver)
	refused(t, approver, "exec.approval.get", obj{"id": "job-"}, "unknown or expired approval id", "APPROVAL_NOT_FOUND")
	if g := ok(t, approver, "exec.approval.get", obj{"id": "job-2"}); g["commandText"] != "b" {
		t.Fatalf("get: %v", g)
	}
	var list []obj
	approver.Result("exec.approval.list", obj{}, &list)
	if len(list) != 2 {
		t.Fatalf("list: %v", list)
	}
	keys(t, "list item", list[0], "id", "request", "createdAtMs", "expiresAtMs")
	refused(t, requester, "exec.approval.request", obj{"id": "job-1", "command": "c"}, "approval id already pending", "")
}

func TestEventRecipients(t *testing.T) {
	g, requester, approver := start(t)
	other := operator(t, g, "", "operator.approvals")
	reader := operator(t, g, "", "operator.read", "operator.write", "operator.pairing")
	requester.Request("exec.approval.request", obj{"id": "r1", "command": "ls"})
	requested(t, approver)
	requested(t, other)
	requested(t, requester)
	ok(t, other, "exec.approval.resolve", obj{"id": "r1", "decision": "deny"})
	if rev := decode(t, approver.NextEvent("exec.approval.resolved")); rev["resolvedBy"] != "gateway-client" {
		t.Fatalf("resolvedBy: %v", rev)
	}
	if f := requester.NextEvent("exec.approval.resolved"); f.Seq == nil {
		t.Fatalf("resolved without seq: %s", f.Raw)
	}
	if evs := approvalEvents(t, reader, "health"); len(evs) != 0 {
		t.Fatalf("reader got %s", evs[0].Raw)
	}
}

func TestRefusals(t *testing.T) {
	g, requester, approver := start(t)
	reader := operator(t, g, "", "operator.read", "operator.write", "operator.pairing")
	for _, m := range []string{"exec.approval.request", "exec.approval.resolve", "exec.approval.get", "exec.approval.list", "exec.approval.waitDecision"} {
		refused(t, reader, m, obj{"id": "x", "decision": "deny", "command": "ls"}, "missing scope: operator.approvals", "")
	}
	refused(t, requester, "exec.approval.request", obj{"command": "ls", "timeoutMs": 0}, "invalid exec.approval.request params: at /timeoutMs: must be >= 1", "")
	refused(t, requester, "exec.approval.request", obj{"cwd": "/"}, "command is required", "")
	refused(t, requester, "exec.approval.request", obj{"command": "ls", "host": "node"}, "nodeId is required for host=node", "")
	refused(t, requester, "exec.approval.request", obj{"command": "ls", "host": "node", "nodeId": "n1"}, "systemRunPlan is required for host=node", "")
	refused(t, requester, "exec.approval.request", obj{"id": "plugin:x", "command": "ls"}, "approval ids starting with plugin: are reserved", "")
	refused(t, approver, "exec.approval.resolve", obj{"id": "x", "decision": "maybe"}, "invalid decision", "")
	refused(t, approver, "exec.approval.resolve", obj{"id": "nope", "decision": "deny"}, "unknown or expired approval id", "APPROVAL_NOT_FOUND")
	if f := approver.Call("exec.approval.resolve", obj{"id": "x"}); f.OK || f.Error.Message[:len("invalid exec.approval.resolve params: ")] != "invalid exec.approval.resolve params: " {
		t.Fatalf("missing decision: %s", f.Raw)
	}
	refused(t, approver, "exec.approval.get", obj{}, "invalid exec.approval.get params: must have required property 'id'", "")
	refused(t, approver, "exec.approval.waitDecision", obj{}, "id is required", "")
	refused(t, approver, "exec.approval.waitDecision", obj{"id": "nope"}, "approval expired or not found", "")
}

func TestNodeHostRequestIsRecorded(t *testing.T) {
	_, requester, approver := start(t)
	plan := obj{"argv": []string{"echo", "hi"}, "cwd": "/srv", "commandText": "echo hi", "commandPreview": "echo hi", "agentId": "main", "sessionKey": "s1"}
	requester.Request("exec.approval.request", obj{"id": "n1", "host": "node", "nodeId": "some-node", "systemRunPlan": plan})
	req := requested(t, approver)["request"].(obj)
	if req["host"] != "node" || req["nodeId"] != "some-node" || req["command"] != "echo hi" || req["systemRunPlan"] == nil {
		t.Fatalf("request: %v", req)
	}
	keys(t, "binding", req["systemRunBinding"].(obj), "argv", "cwd", "agentId", "sessionKey", "envHash")
	if _, has := req["commandArgv"]; has {
		t.Fatalf("commandArgv present: %v", req)
	}
	if g := ok(t, approver, "exec.approval.get", obj{"id": "n1"}); g["commandPreview"] != "echo hi" || g["host"] != "node" || g["nodeId"] != "some-node" {
		t.Fatalf("get: %v", g)
	}
}

func TestRequesterDisconnectKeepsApprovalPending(t *testing.T) {
	g, requester, approver := start(t)
	requester.Request("exec.approval.request", obj{"id": "d1", "command": "ls"})
	requested(t, approver)
	requester.Close()
	requester = operator(t, g, "", "operator.approvals")
	if got := ok(t, requester, "exec.approval.get", obj{"id": "d1"}); got["id"] != "d1" {
		t.Fatalf("get: %v", got)
	}
	ok(t, approver, "exec.approval.resolve", obj{"id": "d1", "decision": "deny"})
	if w := ok(t, requester, "exec.approval.waitDecision", obj{"id": "d1"}); w["decision"] != "deny" {
		t.Fatalf("waitDecision: %v", w)
	}
}

func TestNodesNeitherDecideNorHearApprovals(t *testing.T) {
	g, requester, approver := start(t)
	node := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, "node")
	p.Client.ID, p.Client.Mode = "node-host", "node"
	node.Sign(p, gatewaytest.NewDevice(t))
	node.MustConnect(p)
	f := node.Call("exec.approval.list", obj{})
	if f.OK || f.Error.Message != "unauthorized role: node" {
		t.Fatalf("node calling exec.approval.list: %s", f.Raw)
	}
	requester.Request("exec.approval.request", obj{"id": "q1", "command": "ls"})
	requested(t, approver)
	ok(t, approver, "exec.approval.resolve", obj{"id": "q1", "decision": "deny"})
	approver.NextEvent("exec.approval.resolved")
	if evs := approvalEvents(t, node, "health"); len(evs) != 0 {
		t.Fatalf("node got %s", evs[0].Raw)
	}
}
