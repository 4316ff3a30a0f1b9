package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operator connects a raw local backend operator holding scopes.
func operator(t *testing.T, g *gatewaytest.Gateway, scopes ...string) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), scopes...))
	t.Cleanup(c.CloseNow)
	return c
}

// pendingRequest is an exec.approval.request waiting for its decision.
type pendingRequest struct {
	t         *testing.T
	requester *gatewaytest.Client
	frameID   string
}

// requestApproval asks for an approval in two phases (params are merged
// over a plain command) and waits for the "accepted" reply: an approver
// is connected, so the request waits for a decision.
func requestApproval(t *testing.T, requester *gatewaytest.Client, params map[string]any) *pendingRequest {
	t.Helper()
	p := map[string]any{"command": "ls -la", "twoPhase": true}
	for k, v := range params {
		p[k] = v
	}
	frameID := requester.Request("exec.approval.request", p)
	var accepted protocol.ExecApprovalRequestResult
	if f := requester.Response(frameID); !f.OK || f.Decode(&accepted) != nil || str(accepted.Status) != "accepted" {
		t.Fatalf("exec.approval.request: %s", f.Raw)
	}
	return &pendingRequest{t: t, requester: requester, frameID: frameID}
}

// decision waits for the request's final reply and returns its decision
// ("" for null).
func (r *pendingRequest) decision() string {
	r.t.Helper()
	var final protocol.ExecApprovalRequestResult
	if f := r.requester.Response(r.frameID); !f.OK || f.Decode(&final) != nil || final.Status != nil {
		r.t.Fatalf("final exec.approval.request reply: %s", f.Raw)
	}
	if final.Decision.Value == nil {
		return ""
	}
	return string(*final.Decision.Value)
}

func TestApprovalsDecidedFromASecondOperator(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	bystander := operator(t, g, "operator.approvals")
	requester := operator(t, g, "operator.approvals")
	c.ok("approvals", "list")

	first := requestApproval(t, requester, map[string]any{"id": "first-approval", "cwd": "/srv", "agentId": "main",
		"host": "node", "nodeId": "build-box-node-id", "systemRunPlan": map[string]any{"argv": []string{"ls", "-la"},
			"cwd": "/srv", "commandText": "ls -la", "agentId": "main", "sessionKey": nil}})
	out := c.ok("approvals", "list").stdout
	contains(t, "approvals list", out, "ID", "first-approval", "ls -la", "node build-box-no…", "/srv", "main",
		"allow-once,allow-always,deny", "in 29m")
	var listed protocol.ExecApprovalListResult
	if err := json.Unmarshal([]byte(c.ok("approvals", "list", "--json").stdout), &listed); err != nil ||
		len(listed) != 1 || listed[0].ID != "first-approval" || str(listed[0].Request.NodeID) != "build-box-node-id" {
		t.Fatalf("approvals list --json = %+v (%v)", listed, err)
	}
	contains(t, "approvals get", c.ok("approvals", "get", "first-").stdout, "id:", "first-approval", "command:", "ls -la",
		"where:", "node build-box-node-id", "agent:", "main", "decisions:", "allow-once,allow-always,deny", "expires:", "in 29m")

	// Approved by the CLI, a second operator: the requester gets the
	// decision, and approvers hear who made it.
	contains(t, "approve", c.ok("approvals", "approve", "first-approval").stdout, "allowed once: first-approval")
	if d := first.decision(); d != "allow-once" {
		t.Fatalf("decision = %q, want allow-once", d)
	}
	var resolved protocol.ExecApprovalResolvedEvent
	if f := bystander.NextEvent(protocol.EventExecApprovalResolved); f.Decode(&resolved) != nil ||
		resolved.ID != "first-approval" || resolved.Decision != "allow-once" || str(resolved.ResolvedBy) != "gateway-client" {
		t.Fatalf("exec.approval.resolved = %s", f.Raw)
	}

	second := requestApproval(t, requester, map[string]any{"id": "second-approval", "command": "rm -rf build"})
	contains(t, "deny", c.ok("approvals", "deny", "second").stdout, "denied: second")
	if d := second.decision(); d != "deny" {
		t.Fatalf("decision = %q, want deny", d)
	}

	// "ask always": allow-always is refused in the gateway's words, and
	// the approval keeps waiting.
	third := requestApproval(t, requester, map[string]any{"id": "third-approval", "ask": "always"})
	r := c.fails([]string{"approvals", "approve", "--always", "third-approval"},
		"exec.approval.resolve failed: allow-always is unavailable because the effective policy requires approval every time [INVALID_REQUEST]",
		"APPROVAL_ALLOW_ALWAYS_UNAVAILABLE")
	if strings.Contains(r.err.Error(), "note:") {
		t.Fatalf("a refused decision got the scope note: %v", r.err)
	}
	contains(t, "approvals list", c.ok("approvals", "list").stdout, "third-approval", "allow-once,deny")
	r = c.ok("approvals", "approve", "third-approval", "--json")
	if strings.TrimSpace(r.stdout) != "{\n  \"ok\": true\n}" {
		t.Fatalf("approve --json = %q", r.stdout)
	}
	if d := third.decision(); d != "allow-once" {
		t.Fatalf("decision = %q, want allow-once", d)
	}

	c.fails([]string{"approvals", "deny", "third-approval", "--always"}, "unknown flag: --always")
	c.fails([]string{"approvals", "get", "nothing-like-it"}, "exec.approval.get failed: unknown or expired approval id [INVALID_REQUEST]")
	c.fails([]string{"approvals", "approve", "nothing-like-it"}, "unknown or expired approval id", "APPROVAL_NOT_FOUND")
}

func TestApprovalsSayHowToGetTheScope(t *testing.T) {
	checkLeaks(t)
	admin, other, _ := twoDevices(t) // other is paired with operator.read only
	for _, args := range [][]string{{"approvals", "list"}, {"approvals", "watch"}, {"approvals", "deny", "x"}} {
		other.fails(append(args, "--device-identity"), "pairing required", "gatewire devices approve",
			"note: the approvals commands need the operator.approvals scope", "operator.admin also grants it")
	}
	// Doing what the note says works.
	admin.ok("devices", "approve", "--latest")
	contains(t, "approvals list", other.ok("approvals", "list", "--device-identity").stdout, "ID", "DECISIONS")
}
