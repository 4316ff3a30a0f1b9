package tools_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/agent/tools"
)

// Commands run on the gateway host as argv, without a shell unless asked,
// in the agent workspace, with v3's environment policy, a timeout and
// capped output.
func TestExecOnTheGatewayHost(t *testing.T) {
	e := start(t)
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "pwd"}), e.ws+"\n")
	wantText(t, e.call(tools.NameExec, map[string]any{"command": `printf '%s|' 'a b' "c d" e\ f`}), "a b|c d|e f|")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "echo $HOME"}), "shell syntax ($)")
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "echo '$HOME'"}), "$HOME\n")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "echo hi | tr a-z A-Z"}), "set shell: true")
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "echo hi | tr a-z A-Z", "shell": true}), "HI\n")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "sh -c 'echo oops >&2; exit 3'"}), "[stderr]\noops\n[exit code 3]")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "no-such-binary-here"}), "failed to start: spawn no-such-binary-here ENOENT")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "env", "env": map[string]string{"PATH": "/tmp"}}), "blocked override keys: PATH")
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "sh -c 'echo $GREETING'", "env": map[string]string{"GREETING": "hello"}}), "hello\n")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "sleep 30", "timeout": 1}), "[timed out after 1s]")

	if err := os.MkdirAll(filepath.Join(e.ws, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "pwd", "workdir": "sub"}), filepath.Join(e.ws, "sub")+"\n")
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "pwd", "workdir": "missing"}), "is not a directory")

	big := e.call(tools.NameExec, map[string]any{"command": "head -c 1000000 /dev/zero", "shell": false})
	if big.IsError || len(big.Text) > 31_000 || !strings.Contains(big.Text, "bytes left out") {
		t.Fatalf("big output: error=%v len=%d", big.IsError, len(big.Text))
	}
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "true", "host": "elsewhere"}), "invalid arguments: at /host")
}

// The gateway's own exec-approvals.json decides: deny refuses every run,
// an allowlist refuses what it does not list, and a listed binary runs
// with its use recorded.
func TestExecOnTheGatewayFollowsItsPolicy(t *testing.T) {
	e := start(t)
	e.policy(`{"version":1,"defaults":{"security":"deny"}}`)
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "echo no"}), "Exec denied (gateway, security=deny): echo no")

	e.policy(`{"version":1,"defaults":{"security":"allowlist","ask":"off","askFallback":"deny"},
		"agents":{"main":{"allowlist":[{"pattern":"echo"}]}}}`)
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "ls"}), "Exec denied (gateway, allowlist-miss): ls")
	wantText(t, e.call(tools.NameExec, map[string]any{"command": "echo listed"}), "listed\n")
	raw, _ := os.ReadFile(filepath.Join(e.g.StateDir.Root(), "exec-approvals.json"))
	if !strings.Contains(string(raw), "lastUsedAt") {
		t.Fatalf("use not recorded: %s", raw)
	}
}

// A run that needs approval is announced to the approvers with the run's
// agent and session, waits for the decision, and runs only when allowed;
// allow-always is kept in the gateway's allowlist. Without an approver
// connected the policy's askFallback decides at once.
func TestExecOnTheGatewayWaitsForApproval(t *testing.T) {
	e := start(t)
	e.policy(`{"version":1,"defaults":{"security":"allowlist","ask":"on-miss","askFallback":"deny"}}`)
	wantError(t, e.call(tools.NameExec, map[string]any{"command": "echo nobody"}), "Exec denied (gateway, approval-required): echo nobody")

	ap := e.approver()
	done := e.async(tools.NameExec, map[string]any{"command": "echo approved"})
	ev := requested(t, ap)
	if ev.Request.Command != "echo approved" || *ev.Request.Host != "gateway" || *ev.Request.AgentID != "main" ||
		*ev.Request.SessionKey != "agent:main:main" || *ev.Request.Cwd != e.ws {
		t.Fatalf("approval request = %+v", ev.Request)
	}
	ap.Result("exec.approval.resolve", map[string]any{"id": ev.ID, "decision": "allow-once"}, nil)
	wantText(t, result(t, done), "approved\n")

	done = e.async(tools.NameExec, map[string]any{"command": "echo refused"})
	ap.Result("exec.approval.resolve", map[string]any{"id": requested(t, ap).ID, "decision": "deny"}, nil)
	wantError(t, result(t, done), "Exec denied (gateway, approval-required): echo refused")

	done = e.async(tools.NameExec, map[string]any{"command": "uname"})
	ap.Result("exec.approval.resolve", map[string]any{"id": requested(t, ap).ID, "decision": "allow-always"}, nil)
	if r := result(t, done); r.IsError {
		t.Fatalf("allow-always run = %+v", r)
	}
	if r := e.call(tools.NameExec, map[string]any{"command": "uname"}); r.IsError {
		t.Fatalf("run after allow-always = %+v", r)
	}
}

// Aborting the run while its command waits for approval ends the call at
// once and takes the approval off the approvers' list.
func TestExecAbortWhileWaitingForApproval(t *testing.T) {
	e := start(t)
	e.policy(`{"version":1,"defaults":{"security":"allowlist","ask":"always"}}`)
	ap := e.approver()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan tools.Result, 1)
	go func() { done <- e.callCtx(ctx, tools.NameExec, map[string]any{"command": "echo never"}) }()
	ev := requested(t, ap)
	cancel()
	wantError(t, result(t, done), "exec approval abandoned")
	var list []map[string]any
	ap.Result("exec.approval.list", map[string]any{}, &list)
	if len(list) != 0 {
		t.Fatalf("approval %s still pending: %v", ev.ID, list)
	}
}
