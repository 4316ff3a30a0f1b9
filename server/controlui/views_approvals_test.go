package controlui_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestApprovalsViewDecidesLivePrompts drives the exec approvals view in a
// real browser: prompts requested while it is open appear live with the
// decisions each allows; one is allowed once, one denied, and the
// requester gets those decisions; a prompt decided elsewhere leaves the
// page.
func TestApprovalsViewDecidesLivePrompts(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	p := opView(t, g, "approvals")
	p.WaitText("div.view-approvals .approvals-list", "No command is waiting")

	asker := g.Operator(t, string(protocol.OperatorScopeApprovals))
	once := requestApproval(t, asker, map[string]any{"command": "make deploy", "cwd": "/srv/app", "warningText": "<b>touches prod</b>"})
	always := requestApproval(t, asker, map[string]any{"command": "rm -rf build", "ask": "always"})
	other := requestApproval(t, asker, map[string]any{"command": "ls"})

	card := func(id string) string { return `article.approval[data-approval-id="` + id + `"]` }
	p.WaitText(card(once), "make deploy")
	p.WaitText(card(once), "<b>touches prod</b>") // shown as text, never markup
	p.WaitVisible(card(always))
	var buttons []string
	p.Eval(`[...document.querySelectorAll('`+card(always)+` button')].map((b) => b.dataset.decision)`, &buttons)
	if len(buttons) != 2 || buttons[0] != "allow-once" || buttons[1] != "deny" {
		t.Fatalf("decisions offered for ask=always: %q", buttons)
	}

	press(p, card(once)+` button[data-decision="allow-once"]`)
	press(p, card(always)+` button[data-decision="deny"]`)
	if got := waitDecision(t, asker, once); got != "allow-once" {
		t.Fatalf("decision for %s = %q, want allow-once", once, got)
	}
	if got := waitDecision(t, asker, always); got != "deny" {
		t.Fatalf("decision for %s = %q, want deny", always, got)
	}
	p.WaitEval(`!document.querySelector('` + card(once) + `') && !document.querySelector('` + card(always) + `')`)

	// Decided by another operator: exec.approval.resolved removes it.
	asker.Result(protocol.MethodExecApprovalResolve, map[string]any{"id": other, "decision": "deny"}, nil)
	p.WaitEval(`!document.querySelector('` + card(other) + `')`)
	p.WaitText("div.view-approvals .approvals-list", "No command is waiting")
	p.NoConsoleErrors()
}

// requestApproval asks for an approval in two phases and returns its id
// once the gateway accepted it (the decision comes later).
func requestApproval(t *testing.T, c *gatewaytest.Client, params map[string]any) string {
	t.Helper()
	params["twoPhase"] = true
	res := c.Call(protocol.MethodExecApprovalRequest, params)
	var acc struct {
		Status string `json:"status"`
		ID     string `json:"id"`
	}
	if !res.OK || res.Decode(&acc) != nil || acc.Status != "accepted" {
		t.Fatalf("exec.approval.request = %s", res.Raw)
	}
	return acc.ID
}

// waitDecision returns the decision on an approval, as its requester
// learns it.
func waitDecision(t *testing.T, c *gatewaytest.Client, id string) string {
	t.Helper()
	var res protocol.ExecApprovalWaitDecisionResult
	c.Result(protocol.MethodExecApprovalWaitDecision, map[string]any{"id": id}, &res)
	if res.Decision == nil {
		return ""
	}
	return string(*res.Decision)
}
