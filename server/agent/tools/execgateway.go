package tools

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/internal/hostexec"
)

// hostGateway names the gateway host in approvals and results.
const hostGateway = "gateway"

// onGateway runs the command on the gateway's own host under its
// exec-approvals policy: allowed runs run, runs that need approval wait
// for an operator's decision (or the policy's ask fallback when nobody
// can decide), denied runs are refused.
func (t execTool) onGateway(ctx context.Context, r execRequest) Result {
	cwd, err := gatewayCwd(r.call.Workspace, r.params.Workdir)
	if err != nil {
		return failed(err.Error())
	}
	resolved := hostexec.ResolveBinary(r.argv[0], cwd)
	policy, err := t.gatewayPolicy(r.call.AgentID)
	if err != nil {
		return failed("exec approvals unreadable: " + err.Error())
	}
	run := execapprovals.Run{Argv: r.argv, ResolvedPath: resolved, CommandText: execapprovals.CommandText(r.argv)}
	if _, shell := hostexec.ShellScript(r.argv); shell {
		run.ResolvedPath = "" // a shell is judged by its exact command text only
	}
	verdict := execapprovals.Evaluate(policy, run)
	if verdict.Verdict == execapprovals.NeedsApproval {
		decision, err := t.ask(ctx, r, approvalAsk{host: hostGateway, commandText: run.CommandText, cwd: cwd,
			resolved: resolved, policy: policy})
		if err != nil {
			return failed(err.Error())
		}
		if decision == "" {
			verdict = execapprovals.Fallback(policy, verdict)
		} else {
			run.Decision = decision
			verdict = execapprovals.Evaluate(policy, run)
		}
	}
	if verdict.Verdict != execapprovals.Allow {
		return denied(hostGateway, verdict.Reason, run.CommandText)
	}
	t.record(r.call.AgentID, run, verdict)
	started := t.d.now()
	res := hostexec.Execute(ctx, hostexec.Process{Path: resolved, Argv: r.argv, Cwd: cwd,
		Env: hostexec.RunEnv(r.env), Timeout: r.timeout})
	return runResult(hostGateway, "", res, r.timeout, t.d.now().Sub(started))
}

// gatewayPolicy is the agent's effective policy in the gateway's
// exec-approvals.json (v3's defaults when the file is missing).
func (t execTool) gatewayPolicy(agentID string) (execapprovals.Policy, error) {
	file := execapprovals.Empty()
	if t.d.ExecPolicy != nil {
		snap, err := t.d.ExecPolicy.Read()
		if err != nil {
			return execapprovals.Policy{}, err
		}
		file = snap.File
	}
	return execapprovals.Resolve(file, agentID), nil
}

// record keeps an allow-always decision and stamps the entry that
// matched, as the node host does for its runs.
func (t execTool) record(agentID string, run execapprovals.Run, v execapprovals.Result) {
	always := run.Decision == string(protocol.ExecApprovalDecisionAllowAlways)
	if t.d.ExecPolicy == nil || (!always && v.Match == nil) {
		return
	}
	now := t.d.now().UnixMilli()
	_, err := t.d.ExecPolicy.Update(func(f *execapprovals.File) bool {
		changed := always && execapprovals.RecordAllowAlways(f, agentID, run, now)
		return execapprovals.RecordUse(f, agentID, v.Match, run, now) || changed
	})
	if err != nil {
		t.d.logger().Error("exec approvals not updated", "err", err)
	}
}

// gatewayCwd is the working directory of a gateway-host run: the
// workspace, a path relative to it, or an absolute path; it must be an
// existing directory.
func gatewayCwd(workspace string, workdir *string) (string, error) {
	dir := workspace
	if workdir != nil && strings.TrimSpace(*workdir) != "" {
		dir = strings.TrimSpace(*workdir)
		if !filepath.IsAbs(dir) {
			if workspace == "" {
				return "", errString("workdir " + dir + " is relative and the agent has no workspace")
			}
			dir = filepath.Join(workspace, dir)
		}
	}
	if dir == "" {
		return "", nil
	}
	if workdir == nil && workspace != "" {
		if err := os.MkdirAll(workspace, 0o700); err != nil {
			return "", err
		}
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", errString("workdir " + dir + " is not a directory")
	}
	return dir, nil
}

// errString is an error made of a text.
type errString string

func (e errString) Error() string { return string(e) }
