package approvals

import (
	"sort"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// hostNode is the host value that asks for a run on a node.
const hostNode = "node"

// checkRequest applies v3's checks beyond the schema and returns the
// command text.
func checkRequest(p *protocol.ExecApprovalRequestParams) (string, error) {
	if str(p.Host) != nil && *str(p.Host) == hostNode {
		if id := str(p.NodeID); id == nil || *id == "" {
			return "", wire.InvalidRequest("nodeId is required for host=node")
		}
		if p.SystemRunPlan == nil {
			return "", wire.InvalidRequest("systemRunPlan is required for host=node")
		}
	}
	command := ""
	if p.Command != nil {
		command = *p.Command
	} else if p.SystemRunPlan != nil {
		command = p.SystemRunPlan.CommandText
	}
	if strings.TrimSpace(command) == "" {
		return "", wire.InvalidRequest("command is required")
	}
	return command, nil
}

// payload builds what approvers see of a request: absent inputs null,
// env reduced to its names, a binding only for a node plan.
func payload(p *protocol.ExecApprovalRequestParams, command string) protocol.ExecApprovalRequestPayload {
	req := protocol.ExecApprovalRequestPayload{
		Command: command, SystemRunPlan: p.SystemRunPlan,
		Cwd: str(p.Cwd), NodeID: str(p.NodeID), Host: str(p.Host), Security: str(p.Security),
		Ask: str(p.Ask), WarningText: str(p.WarningText), CommandAnalysis: analyse(command),
		AllowedDecisions: allowed(str(p.Ask)), AgentID: str(p.AgentID), ResolvedPath: str(p.ResolvedPath),
		SessionKey: str(p.SessionKey), TurnSourceChannel: str(p.TurnSourceChannel), TurnSourceTo: str(p.TurnSourceTo),
		TurnSourceAccountID: str(p.TurnSourceAccountID), TurnSourceThreadID: p.TurnSourceThreadID,
		EnvKeys: envKeys(p.Env),
	}
	if req.TurnSourceThreadID == nil {
		req.TurnSourceThreadID = []byte("null")
	}
	if plan := p.SystemRunPlan; plan != nil && req.Host != nil && *req.Host == hostNode {
		req.SystemRunBinding = &protocol.SystemRunBinding{
			Argv: append([]string{}, plan.Argv...), Cwd: nonEmpty(plan.Cwd), AgentID: nonEmpty(plan.AgentID),
			SessionKey: nonEmpty(plan.SessionKey), EnvHash: EnvHash(p.Env),
		}
	}
	return req
}

// allowed lists the decisions an approver may give: "ask always" rules
// out allow-always.
func allowed(ask *string) []protocol.ExecApprovalDecision {
	if ask != nil && *ask == "always" {
		return []protocol.ExecApprovalDecision{protocol.ExecApprovalDecisionAllowOnce, protocol.ExecApprovalDecisionDeny}
	}
	return []protocol.ExecApprovalDecision{
		protocol.ExecApprovalDecisionAllowOnce, protocol.ExecApprovalDecisionAllowAlways, protocol.ExecApprovalDecisionDeny,
	}
}

// envKeys returns env's names, sorted; nil without env.
func envKeys(env map[string]string) []string {
	if env == nil {
		return nil
	}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// analyse counts a command's top-level commands (split on ;, &&, || and
// |) and its nested ones ($(…) and backquotes). It judges no risk.
func analyse(command string) protocol.ExecCommandAnalysis {
	count := int64(1)
	for _, sep := range []string{"&&", "||"} {
		count += int64(strings.Count(command, sep))
		command = strings.ReplaceAll(command, sep, " ")
	}
	count += int64(strings.Count(command, ";") + strings.Count(command, "|"))
	nested := int64(strings.Count(command, "$(") + strings.Count(command, "`")/2)
	return protocol.ExecCommandAnalysis{CommandCount: count, NestedCommandCount: nested, RiskKinds: []string{}, WarningLines: []string{}}
}

// str turns an optional nullable string into a pointer, nil when absent
// or null.
func str(n protocol.Nullable[string]) *string {
	if !n.Present {
		return nil
	}
	return n.Value
}
