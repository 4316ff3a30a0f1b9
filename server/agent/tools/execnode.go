package tools

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/internal/hostexec"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/approvals"
)

// hostNode names a node host in approvals and results.
const hostNode = "node"

// Node commands the exec tool uses.
const (
	cmdRun        = string(protocol.NodeCommandSystemRun)
	cmdPrepare    = string(protocol.NodeCommandSystemRunPrepare)
	cmdPolicyGet  = string(protocol.NodeCommandSystemExecApprovalsGet)
	approvalNeeds = "approval required"
)

// onNode runs the command on a node: system.run.prepare gives the plan;
// the node's own policy (read through system.execApprovals.get) says
// whether it needs approval; then an approval is asked for on behalf of
// the run, and system.run carries the plan with the decision the
// gateway's approval flow sets (security invariant 10). A node that
// still answers "approval required" (its policy changed, or it could
// not be read) gets one approval request and one retry.
func (t execTool) onNode(ctx context.Context, r execRequest) Result {
	if t.d.Nodes == nil {
		return failed("nodes are not available on this gateway")
	}
	node, err := t.d.pickNode(ctx, deref0(r.params.Node), cmdRun)
	if err != nil {
		return failed(err.Error())
	}
	if !node.Connected {
		return failed("node " + node.NodeID + " is not connected")
	}
	plan, err := t.prepare(ctx, node.NodeID, r)
	if err != nil {
		return failed(err.Error())
	}
	verdict := t.nodeVerdict(ctx, node.NodeID, plan, r.call.AgentID)
	if verdict.Verdict == execapprovals.Deny {
		return denied(hostNode, verdict.Reason, plan.CommandText)
	}
	approval := nodeApproval{}
	if verdict.Verdict == execapprovals.NeedsApproval {
		if approval, err = t.askNode(ctx, r, node.NodeID, plan, verdict.policy); err != nil {
			return failed(err.Error())
		}
		if !approval.allowed() {
			return denied(hostNode, approval.reason(), plan.CommandText)
		}
	}
	res := t.nodeRun(ctx, r, node.NodeID, plan, approval)
	if !approval.allowed() && res.IsError && strings.Contains(res.Text, approvalNeeds) {
		if approval, err = t.askNode(ctx, r, node.NodeID, plan, verdict.policy); err != nil {
			return failed(err.Error())
		}
		if !approval.allowed() {
			return denied(hostNode, approval.reason(), plan.CommandText)
		}
		res = t.nodeRun(ctx, r, node.NodeID, plan, approval)
	}
	return res
}

// prepare asks the node for the plan of the run.
func (t execTool) prepare(ctx context.Context, nodeID string, r execRequest) (*protocol.SystemRunPlan, error) {
	params := map[string]any{"command": r.argv, "agentId": r.call.AgentID, "sessionKey": r.call.SessionKey}
	if w := strings.TrimSpace(deref0(r.params.Workdir)); w != "" {
		params["cwd"] = w
	}
	raw, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	res, err := t.d.Nodes.InvokeFor(ctx, nodeID, cmdPrepare, raw, prepareTimeout, nil)
	if err != nil {
		return nil, nodeErr(err)
	}
	var out protocol.SystemRunPrepareResult
	if err := nodePayload(res, &out); err != nil {
		return nil, err
	}
	if len(out.Plan.Argv) == 0 {
		return nil, errors.New("invalid system.run.prepare response")
	}
	return &out.Plan, nil
}

// judged is a verdict with the policy it came from.
type judged struct {
	execapprovals.Result
	policy execapprovals.Policy
}

// nodeVerdict judges the plan under the node's own policy file. When the
// file cannot be read the run is tried as is (the node judges it anyway).
func (t execTool) nodeVerdict(ctx context.Context, nodeID string, plan *protocol.SystemRunPlan, agentID string) judged {
	res, err := t.d.Nodes.Relay(ctx, nodeID, cmdPolicyGet, nil)
	var snap protocol.ExecApprovalsSnapshot
	if err != nil || nodePayload(res, &snap) != nil {
		return judged{Result: execapprovals.Result{Verdict: execapprovals.Allow}, policy: execapprovals.Resolve(execapprovals.Empty(), agentID)}
	}
	policy := execapprovals.ResolveNode(snap.File, agentID)
	run := execapprovals.Run{Argv: plan.Argv, ResolvedPath: plan.Argv[0], CommandText: plan.CommandText}
	if _, shell := hostexec.ShellScript(plan.Argv); shell || !strings.HasPrefix(plan.Argv[0], "/") {
		run.ResolvedPath = "" // a shell is judged by its exact command text only, as the node does
	}
	return judged{Result: execapprovals.Evaluate(policy, run), policy: policy}
}

// nodeApproval is the outcome of asking for a node run's approval.
type nodeApproval struct {
	id       string
	decision string // allow-once, allow-always, deny, or "" (nobody decided)
}

func (a nodeApproval) allowed() bool {
	return a.decision == string(protocol.ExecApprovalDecisionAllowOnce) || a.decision == string(protocol.ExecApprovalDecisionAllowAlways)
}

// reason names why an approval did not allow the run.
func (a nodeApproval) reason() string {
	if a.decision == string(protocol.ExecApprovalDecisionDeny) {
		return "user-denied"
	}
	return "approval-timeout"
}

// askNode asks for approval of the plan on nodeID.
func (t execTool) askNode(ctx context.Context, r execRequest, nodeID string, plan *protocol.SystemRunPlan, policy execapprovals.Policy) (nodeApproval, error) {
	a := nodeApproval{id: wire.NewUUID()}
	d, err := t.ask(ctx, r, approvalAsk{id: a.id, host: hostNode, nodeID: nodeID, commandText: plan.CommandText,
		cwd: deref0(plan.Cwd), plan: plan, env: r.env, policy: policy})
	a.decision = d
	return a, err
}

// nodeRun sends system.run with the plan (and the approval, which the
// approvals service checks and turns into the gateway's own decision).
func (t execTool) nodeRun(ctx context.Context, r execRequest, nodeID string, plan *protocol.SystemRunPlan, a nodeApproval) Result {
	params := map[string]any{
		"command": plan.Argv, "systemRunPlan": plan,
		"timeoutMs": r.timeout.Milliseconds(), "agentId": r.call.AgentID, "sessionKey": r.call.SessionKey,
		"suppressNotifyOnExit": true,
	}
	if plan.Cwd != nil {
		params["cwd"] = *plan.Cwd
	}
	if len(r.env) > 0 {
		params["env"] = r.env
	}
	if a.allowed() {
		params["runId"], params["approved"], params["approvalDecision"] = a.id, true, a.decision
	}
	raw, err := json.Marshal(params)
	if err != nil {
		return failed(err.Error())
	}
	forward := func(nodeID string, p json.RawMessage) (json.RawMessage, error) {
		if t.d.Approvals == nil {
			return nil, errors.New("exec approvals unavailable")
		}
		return t.d.Approvals.ForwardSystemRunFor(approvals.Requester{RunID: r.call.RunID}, nodeID, p)
	}
	started := t.d.now()
	res, err := t.d.Nodes.InvokeFor(ctx, nodeID, cmdRun, raw, r.timeout+nodeGrace, forward)
	if err != nil {
		return failed(nodeErr(err).Error())
	}
	var out protocol.SystemRunResult
	if err := nodePayload(res, &out); err != nil {
		return failed(err.Error())
	}
	return runResult(hostNode, nodeID, out, r.timeout, t.d.now().Sub(started))
}

// nodePayload decodes a node's answer into out, or returns the node's
// error as "CODE: message".
func nodePayload(res *protocol.NodeInvokeResultParams, out any) error {
	if res == nil {
		return errors.New("no answer from the node")
	}
	if !res.Ok {
		msg, code := "node command failed", ""
		if e := res.Error.Value; e != nil {
			if e.Message != nil {
				msg = *e.Message
			}
			if e.Code != nil {
				code = *e.Code
			}
		}
		if code != "" && !strings.HasPrefix(msg, code) {
			msg = code + ": " + msg
		}
		return errors.New(msg)
	}
	raw := res.Payload
	if len(raw) == 0 && res.PayloadJSON.Value != nil {
		raw = json.RawMessage(*res.PayloadJSON.Value)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return errors.New("invalid node answer: " + err.Error())
	}
	return nil
}

// nodeErr is a relay failure as the model is told it.
func nodeErr(err error) error {
	var we *wire.Error
	if errors.As(err, &we) {
		return errors.New(we.Message)
	}
	return err
}

// deref0 is an optional string's value, "" when absent.
func deref0(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
