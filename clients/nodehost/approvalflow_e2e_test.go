package nodehost

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// The approved-run flow over real sockets: the requester prepares the
// plan on the node, asks for approval with it, a second operator allows
// it always, and the gateway forwards the stored plan to the node, which
// runs it and records the binary in its allowlist.
func TestApprovedRunThroughTheGateway(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", "")
	requester := operator(t, g)
	approver := operator(t, g)
	waitConnected(t, requester, h.id, true)

	nodeError(t, invoke(requester, h.id, "system.run", map[string]any{"command": []string{"echo", "approved"}}),
		"UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
	plan := decode[prepareResult](t, payload(t, invoke(requester, h.id, "system.run.prepare",
		map[string]any{"command": []string{"echo", "approved"}}))).Plan

	ask := requester.Request("exec.approval.request", map[string]any{"id": "run-1", "host": "node", "nodeId": h.id,
		"command": plan.CommandText, "systemRunPlan": plan})
	approver.NextEvent("exec.approval.requested")
	if res := approver.Call("exec.approval.resolve", map[string]any{"id": "run-1", "decision": "allow-always"}); !res.OK {
		t.Fatalf("resolve = %s", res.Raw)
	}
	if res := requester.Response(ask); !res.OK || !strings.Contains(string(res.Payload), `"decision":"allow-always"`) {
		t.Fatalf("approval = %s", res.Raw)
	}

	res := decode[runResult](t, payload(t, invoke(requester, h.id, "system.run", map[string]any{
		"command": []string{"echo", "approved"}, "runId": "run-1", "approved": true, "approvalDecision": "allow-always"})))
	if res.Stdout != "approved\n" || !res.Success {
		t.Fatalf("approved run = %+v", res)
	}
	raw, _ := os.ReadFile(filepath.Join(h.dir, "exec-approvals.json"))
	if !strings.Contains(string(raw), `"pattern": "`+plan.Argv[0]+`"`) || !strings.Contains(string(raw), `"source": "allow-always"`) {
		t.Fatalf("allow-always not recorded: %s", raw)
	}
	res = decode[runResult](t, payload(t, invoke(requester, h.id, "system.run", map[string]any{"command": []string{"echo", "again"}})))
	if res.Stdout != "again\n" {
		t.Fatalf("run after allow-always = %+v", res)
	}
	nodeError(t, invoke(requester, h.id, "system.run", map[string]any{"command": []string{"true"}}),
		"UNAVAILABLE", "SYSTEM_RUN_DENIED: approval required")
}

// exec.approvals.node.get|set reach the host's policy file through the
// gateway, with the base-hash check.
func TestPolicyManagedThroughTheGateway(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	h := startHost(t, g.URL, g.Token, "n", "")
	op := operator(t, g)
	waitConnected(t, op, h.id, true)

	var snap struct {
		Path   string          `json:"path"`
		Exists bool            `json:"exists"`
		Hash   string          `json:"hash"`
		File   json.RawMessage `json:"file"`
	}
	op.Result("exec.approvals.node.get", map[string]any{"nodeId": h.id}, &snap)
	if snap.Path != filepath.Join(h.dir, "exec-approvals.json") || !snap.Exists || snap.Hash == "" {
		t.Fatalf("node policy = %+v", snap)
	}
	full := map[string]any{"version": 1, "defaults": map[string]any{"security": "full", "ask": "off"}}
	stale := op.Call("exec.approvals.node.set", map[string]any{"nodeId": h.id, "file": full, "baseHash": "stale"})
	if stale.OK || !strings.Contains(stale.Error.Message, "exec approvals changed; reload and retry") {
		t.Fatalf("stale set = %s", stale.Raw)
	}
	op.Result("exec.approvals.node.set", map[string]any{"nodeId": h.id, "file": full, "baseHash": snap.Hash}, &snap)
	if !strings.Contains(string(snap.File), `"security":"full"`) {
		t.Fatalf("set = %s", snap.File)
	}
	res := decode[runResult](t, payload(t, invoke(op, h.id, "system.run", map[string]any{"command": []string{"true"}})))
	if !res.Success {
		t.Fatalf("run under the new policy = %+v", res)
	}
}
