package tools_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/hostexec"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/approvals"
)

// On a real node host with v3's node defaults (allowlist, ask on a
// miss): the run is prepared on the node, the approval request carries
// the node's plan, and after allow-always the node runs the approved
// plan and keeps the binary in its own allowlist, so the next run needs
// no approval.
func TestExecOnANodeWithApproval(t *testing.T) {
	e := start(t)
	nodeID, dir := e.node("builder", "")
	ap := e.approver()

	done := e.async(tools.NameExec, map[string]any{"command": "echo 'from the node'", "host": "node"})
	ev := requested(t, ap)
	plan := ev.Request.SystemRunPlan
	if *ev.Request.Host != "node" || *ev.Request.NodeID != nodeID || plan == nil || plan.Argv[0] != hostexec.LookPath("echo") ||
		plan.CommandText == "" || *plan.SessionKey != "agent:main:main" {
		t.Fatalf("approval request = %+v", ev.Request)
	}
	ap.Result("exec.approval.resolve", map[string]any{"id": ev.ID, "decision": "allow-always"}, nil)
	wantText(t, result(t, done), "from the node\n")

	raw, _ := os.ReadFile(filepath.Join(dir, "exec-approvals.json"))
	if !strings.Contains(string(raw), `"pattern": "`+plan.Argv[0]+`"`) {
		t.Fatalf("allow-always not kept by the node: %s", raw)
	}
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "echo again", "host": "node", "node": "builder"}), "again\n")

	done = e.async(tools.NameExec, map[string]any{"command": "uname", "host": "node", "node": nodeID})
	ap.Result("exec.approval.resolve", map[string]any{"id": requested(t, ap).ID, "decision": "deny"}, nil)
	wantError(t, result(t, done), "Exec denied (node, user-denied)")
}

// A node whose policy allows everything runs at once; one that denies
// everything refuses without asking; an unknown node is named.
func TestExecOnANodeFollowsItsPolicy(t *testing.T) {
	e := start(t)
	e.node("open", `{"version":1,"defaults":{"security":"full","ask":"off"}}`)
	e.node("closed", `{"version":1,"defaults":{"security":"deny"}}`)
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "echo open", "host": "node", "node": "open"}), "open\n")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "echo closed", "host": "node", "node": "closed"}), "Exec denied (node, security=deny)")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "true", "host": "node"}), "several nodes support system.run")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "true", "host": "node", "node": "nope"}), "unknown node: nope")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "sh -c 'exit 4'", "host": "node", "node": "open"}), "[exit code 4]")
}

// Security invariant 10 across requesters: an approval a run asked for
// cannot be used by a connection (nor by another run), and a connection's
// own approved/approvalDecision are never forwarded.
func TestARunsApprovalIsItsOwn(t *testing.T) {
	e := start(t)
	nodeID, _ := e.node("builder", "")
	ap := e.approver()
	deps := e.g.ToolDeps()
	plan := &protocol.SystemRunPlan{Argv: []string{hostexec.LookPath("echo"), "x"}, CommandText: "echo x"}
	host := "node"
	asked := make(chan *protocol.ExecApprovalRequestResult, 1)
	go func() {
		id := "run-approval-1"
		res, err := deps.Approvals.RequestFor(context.Background(), approvals.Requester{RunID: "run-1"},
			&protocol.ExecApprovalRequestParams{ID: &id, Host: protocol.NewNullable(host), NodeID: protocol.NewNullable(nodeID), SystemRunPlan: plan})
		if err != nil {
			t.Error(err)
		}
		asked <- res
	}()
	ev := requested(t, ap)
	ap.Result("exec.approval.resolve", map[string]any{"id": ev.ID, "decision": "allow-always"}, nil)
	if res := <-asked; res.Decision.Value == nil || *res.Decision.Value != "allow-always" {
		t.Fatalf("decision = %+v", res)
	}
	run := map[string]any{"command": plan.Argv, "runId": ev.ID, "approved": true, "approvalDecision": "allow-always"}
	f := ap.Call("node.invoke", map[string]any{"nodeId": nodeID, "command": "system.run", "params": run, "idempotencyKey": "k1"})
	if f.OK || !strings.Contains(string(f.Raw), "APPROVAL_CLIENT_MISMATCH") {
		t.Fatalf("a connection used a run's approval: %s", f.Raw)
	}
	raw, _ := json.Marshal(run)
	if _, err := deps.Approvals.ForwardSystemRunFor(approvals.Requester{RunID: "run-2"}, nodeID, raw); err == nil ||
		!strings.Contains(err.Error(), "approval id not valid for this client") {
		t.Fatalf("another run used the approval: %v", err)
	}
	out, err := deps.Approvals.ForwardSystemRunFor(approvals.Requester{RunID: "run-1"}, nodeID, raw)
	if err != nil || !strings.Contains(string(out), `"approvalDecision":"allow-always"`) {
		t.Fatalf("the run's own forward = %s, %v", out, err)
	}
}

// The nodes tool lists and describes nodes and invokes their declared
// commands under node.invoke's policy; shell execution is refused there.
func TestNodesTool(t *testing.T) {
	e := start(t)
	nodeID, _ := e.node("builder", "")
	list := e.call(tools.NameNodes, map[string]any{"action": "list"})
	if list.IsError || !strings.Contains(list.Text, nodeID) || !strings.Contains(list.Text, `"connected": true`) {
		t.Fatalf("list = %+v", list)
	}
	desc := e.call(tools.NameNodes, map[string]any{"action": "describe", "node": "builder"})
	if desc.IsError || !strings.Contains(desc.Text, `"system.which"`) {
		t.Fatalf("describe = %+v", desc)
	}
	which := e.call(tools.NameNodes, map[string]any{"action": "invoke", "node": "builder", "invokeCommand": "system.which",
		"invokeParams": map[string]any{"bins": []string{"sh"}}})
	if which.IsError || !strings.Contains(which.Text, hostexec.LookPath("sh")) {
		t.Fatalf("invoke system.which = %+v", which)
	}
	wantError(t, e.call(tools.NameNodes, map[string]any{"action": "invoke", "node": "builder", "invokeCommand": "system.run"}), "use exec with host node")
	wantError(t, e.call(tools.NameNodes, map[string]any{"action": "invoke", "node": "builder", "invokeCommand": "system.execApprovals.set"}), "system.execApprovals")
	wantError(t, e.call(tools.NameNodes, map[string]any{"action": "invoke", "node": "builder", "invokeCommand": "camera.snap"}), "node command not allowed")
	wantError(t, e.call(tools.NameNodes, map[string]any{"action": "describe"}), "node required")
	wantError(t, e.call(tools.NameNodes, map[string]any{"action": "fly"}), "invalid arguments: at /action")
}
