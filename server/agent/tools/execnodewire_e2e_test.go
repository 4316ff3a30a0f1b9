package tools_test

import (
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// wireNode connects a node the test drives by hand (device proof, silent
// local pairing), declaring commands.
func (e *env) wireNode(name string, commands ...string) (*gatewaytest.Client, string) {
	e.t.Helper()
	dev := gatewaytest.NewDevice(e.t)
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleNode))
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "1.0.0", Platform: "linux",
		Mode: protocol.ClientModeNode, DisplayName: &name}
	p.Commands = commands
	c.Sign(p, dev)
	c.MustConnect(p)
	e.t.Cleanup(c.CloseNow)
	return c, dev.DeviceID
}

// next reads the node's next invoke request: command and params.
func next(t *testing.T, node *gatewaytest.Client) (protocol.NodeInvokeRequestEvent, map[string]any) {
	t.Helper()
	var ev protocol.NodeInvokeRequestEvent
	f := node.NextEvent(protocol.EventNodeInvokeRequest)
	if err := f.Decode(&ev); err != nil {
		t.Fatal(err)
	}
	params := map[string]any{}
	if ev.ParamsJSON != nil {
		if err := json.Unmarshal([]byte(*ev.ParamsJSON), &params); err != nil {
			t.Fatal(err)
		}
	}
	return ev, params
}

// answer replies to a request: ok with payload, or a failure.
func answer(t *testing.T, node *gatewaytest.Client, ev protocol.NodeInvokeRequestEvent, payload any, errCode, errMsg string) {
	t.Helper()
	res := map[string]any{"id": ev.ID, "nodeId": ev.NodeID, "ok": errCode == ""}
	if errCode == "" {
		res["payload"] = payload
	} else {
		res["error"] = map[string]any{"code": errCode, "message": errMsg}
	}
	node.Result("node.invoke.result", res, nil)
}

// What a node receives, step by step, when its policy cannot be read
// first and it asks for approval itself: the plan request, the plain run
// (no approval fields), then, after an operator allowed it once, the
// run again with the gateway's own approved/approvalDecision, runId =
// the approval id and the stored plan.
func TestANodeThatAsksGetsTheApprovedPlan(t *testing.T) {
	e := start(t)
	node, nodeID := e.wireNode("manual", "system.run", "system.run.prepare", "system.execApprovals.get")
	ap := e.approver()
	done := e.async(tools.NameExec, map[string]any{"command": "make build", "host": "node", "timeout": 60})

	plan := map[string]any{"argv": []string{"/usr/bin/make", "build"}, "cwd": nil, "commandText": "/usr/bin/make build",
		"commandPreview": nil, "agentId": "main", "sessionKey": "agent:main:main"}
	ev, p := next(t, node)
	if ev.Command != "system.run.prepare" || p["agentId"] != "main" || p["sessionKey"] != "agent:main:main" {
		t.Fatalf("prepare = %s %v", ev.Command, p)
	}
	answer(t, node, ev, map[string]any{"plan": plan}, "", "")
	ev, _ = next(t, node)
	if ev.Command != "system.execApprovals.get" {
		t.Fatalf("policy read = %s", ev.Command)
	}
	answer(t, node, ev, nil, "UNAVAILABLE", "not now")

	ev, p = next(t, node)
	if ev.Command != "system.run" || p["approved"] != nil || p["approvalDecision"] != nil || p["suppressNotifyOnExit"] != true ||
		p["timeoutMs"] != float64(60_000) {
		t.Fatalf("first run = %s %v", ev.Command, p)
	}
	answer(t, node, ev, nil, "UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")

	req := requested(t, ap)
	if *req.Request.NodeID != nodeID || req.Request.SystemRunPlan == nil || req.Request.SystemRunPlan.CommandText != "/usr/bin/make build" {
		t.Fatalf("approval request = %+v", req.Request)
	}
	ap.Result("exec.approval.resolve", map[string]any{"id": req.ID, "decision": "allow-once"}, nil)

	ev, p = next(t, node)
	argv, _ := json.Marshal(p["command"])
	if ev.Command != "system.run" || p["approved"] != true || p["approvalDecision"] != "allow-once" || p["runId"] != req.ID ||
		string(argv) != `["/usr/bin/make","build"]` {
		t.Fatalf("approved run = %s %v", ev.Command, p)
	}
	answer(t, node, ev, map[string]any{"exitCode": 0, "timedOut": false, "success": true, "stdout": "built\n", "stderr": "", "error": nil}, "", "")
	wantText(t, result(t, done), "built\n")
}
