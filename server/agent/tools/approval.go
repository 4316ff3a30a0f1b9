package tools

import (
	"context"
	"errors"
	"log/slog"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/approvals"
)

// approvalAsk is what an approver is shown of a run.
type approvalAsk struct {
	id          string // "" for a fresh one
	host        string
	nodeID      string
	commandText string
	cwd         string
	resolved    string
	plan        *protocol.SystemRunPlan
	env         map[string]string
	policy      execapprovals.Policy
}

// ask opens an exec approval on behalf of the run and waits for the
// decision: "allow-once", "allow-always", "deny", or "" when nobody
// decided (no approver connected, or it expired).
func (t execTool) ask(ctx context.Context, r execRequest, a approvalAsk) (string, error) {
	if t.d.Approvals == nil {
		return "", nil
	}
	if a.id == "" {
		a.id = wire.NewUUID()
	}
	p := &protocol.ExecApprovalRequestParams{
		ID: &a.id, Command: &a.commandText, SystemRunPlan: a.plan, Env: a.env,
		Host: nullable(a.host), NodeID: nullable(a.nodeID), Cwd: nullable(a.cwd), ResolvedPath: nullable(a.resolved),
		Security: nullable(string(a.policy.Security)), Ask: nullable(string(a.policy.Ask)),
		AgentID: nullable(r.call.AgentID), SessionKey: nullable(r.call.SessionKey),
	}
	res, err := t.d.Approvals.RequestFor(ctx, approvals.Requester{RunID: r.call.RunID}, p)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return "", errors.New("exec approval abandoned: the run was stopped")
		}
		return "", err
	}
	if res.Decision.Value == nil {
		return "", nil
	}
	return string(*res.Decision.Value), nil
}

// nullable is s as a nullable param, absent when empty.
func nullable(s string) protocol.Nullable[string] {
	if s == "" {
		return protocol.Nullable[string]{}
	}
	return protocol.NewNullable(s)
}

// denied is the result of a run the policy or an approver refused.
func denied(host, reason, commandText string) Result {
	if reason == "" {
		reason = "denied"
	}
	return Result{Text: "Exec denied (" + host + ", " + reason + "): " + commandText, IsError: true,
		Details: map[string]any{"status": "denied", "host": host, "reason": reason}}
}

// logger is the tools' logger.
func (d Deps) logger() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}
