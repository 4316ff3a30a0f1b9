package approvals

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// forwardedKeys are the system.run params a caller may pass to a node;
// anything else (approved, approvalDecision among them) is dropped.
var forwardedKeys = []string{
	"command", "rawCommand", "systemRunPlan", "cwd", "env", "timeoutMs", "needsScreenRecording",
	"agentId", "sessionKey", "runId", "suppressNotifyOnExit",
}

// ForwardSystemRun returns the params node.invoke may send to a node's
// system.run (security invariant 10). Params that are not an object
// pass unchanged. Only the keys the node knows are kept; a caller's
// approved / approvalDecision are honoured only when params.runId names
// an exact, unexpired approval for this node, asked by this device (or,
// without a device, this connection), whose binding matches and which
// was decided allow-once (used up here) or allow-always. Then the
// approval's stored plan replaces the caller's command, cwd, agent and
// session, and the gateway itself sets approved and approvalDecision.
// Refusals are INVALID_REQUEST with v3's messages and details.code.
func (s *Service) ForwardSystemRun(call *rpc.Call, nodeID string, raw json.RawMessage) (json.RawMessage, error) {
	return s.forward(askerOf(call), nodeID, raw)
}

// forward is ForwardSystemRun for any requester.
func (s *Service) forward(who asker, nodeID string, raw json.RawMessage) (json.RawMessage, error) {
	var in map[string]json.RawMessage
	if trimmed := bytes.TrimSpace(raw); len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &in) != nil {
		return raw, nil
	}
	next := map[string]json.RawMessage{}
	for _, k := range forwardedKeys {
		if v, ok := in[k]; ok {
			next[k] = v
		}
	}
	approved := string(bytes.TrimSpace(in["approved"])) == "true"
	decision := approvalDecision(in["approvalDecision"])
	if !approved && decision == "" {
		if _, err := commandRequest(in); err != nil {
			return nil, err
		}
		return json.Marshal(next)
	}
	if err := s.authorizeRun(who, nodeID, in, next, approved, decision); err != nil {
		return nil, err
	}
	return json.Marshal(next)
}

// authorizeRun checks the approval params.runId names and, when it holds,
// writes the stored plan and the gateway's decision into next.
func (s *Service) authorizeRun(who asker, nodeID string, in, next map[string]json.RawMessage, approved bool, decision string) error {
	runID := stringField(in["runId"])
	if runID == "" {
		return guard("MISSING_RUN_ID", "approval override requires params.runId", "")
	}
	r := s.store.exact(runID)
	if r == nil {
		return guard("UNKNOWN_APPROVAL_ID", "unknown or expired approval id", runID)
	}
	if s.deps.Now().UnixMilli() > r.expiresAtMs || s.store.runStateOf(r).expired {
		return guard("APPROVAL_EXPIRED", "approval expired", runID)
	}
	if err := checkRequester(r, who, nodeID, runID); err != nil {
		return err
	}
	rc, err := runtimeContext(r.request.SystemRunPlan, in)
	if err != nil {
		return err
	}
	if err := rc.applyTo(next); err != nil {
		return err
	}
	if err := matchBinding(r.request, rc, envOf(in["env"]), runID); err != nil {
		return err
	}
	return s.grant(r, who, next, approved, decision, runID)
}

// checkRequester checks the approval is for this node and was asked by
// this device (by this connection when the asker had no device; by this
// run when an agent run asked).
func checkRequester(r *record, who asker, nodeID, runID string) error {
	bound := nonEmpty(r.request.NodeID)
	switch {
	case bound == nil:
		return guard("APPROVAL_NODE_BINDING_MISSING", "approval id missing node binding", runID)
	case *bound != nodeID:
		return guard("APPROVAL_NODE_MISMATCH", "approval id not valid for this node", runID)
	}
	if r.requestedByRun != "" || who.runID != "" {
		if r.requestedByRun != who.runID {
			return guard("APPROVAL_CLIENT_MISMATCH", "approval id not valid for this client", runID)
		}
		return nil
	}
	if r.requestedByDevice != "" {
		if r.requestedByDevice != who.deviceID {
			return guard("APPROVAL_DEVICE_MISMATCH", "approval id not valid for this device", runID)
		}
		return nil
	}
	if r.requestedByConn != "" && r.requestedByConn != who.connID {
		return guard("APPROVAL_CLIENT_MISMATCH", "approval id not valid for this client", runID)
	}
	return nil
}

// grant sets the gateway's decision on next: allow-once (used up now),
// allow-always, or the caller's own allow-once on an approval that
// settled with no decision and no resolver while the caller may approve;
// anything else still needs approval.
func (s *Service) grant(r *record, who asker, next map[string]json.RawMessage, approved bool, decision, runID string) error {
	call := who.call
	st := s.store.runStateOf(r)
	allow := ""
	switch {
	case st.decision != nil && *st.decision == protocol.ExecApprovalDecisionAllowOnce:
		if s.store.consumeAllowOnce(r) {
			allow = string(protocol.ExecApprovalDecisionAllowOnce)
		}
	case st.decision != nil && *st.decision == protocol.ExecApprovalDecisionAllowAlways:
		allow = string(protocol.ExecApprovalDecisionAllowAlways)
	case st.settled && st.decision == nil && !st.consumed && approved && decision == string(protocol.ExecApprovalDecisionAllowOnce) &&
		call != nil && call.Peer != nil && call.Scopes.Satisfies(call.Peer.Role, call.Peer.Scopes, scopeApprovals):
		allow = string(protocol.ExecApprovalDecisionAllowOnce)
	}
	if allow == "" {
		return guard("APPROVAL_REQUIRED", "approval required", runID)
	}
	next["approved"] = json.RawMessage("true")
	next["approvalDecision"] = json.RawMessage(`"` + allow + `"`) // one of the decision constants
	return nil
}

// guard is a refusal of an approval override: details {code, runId}.
func guard(code, message, runID string) error {
	d := map[string]any{"code": code}
	if runID != "" {
		d["runId"] = runID
	}
	return wire.InvalidRequest("%s", message).WithDetails(d)
}

// approvalDecision returns an allow decision a caller wrote, or "".
func approvalDecision(raw json.RawMessage) string {
	d := stringField(raw)
	if d == string(protocol.ExecApprovalDecisionAllowOnce) || d == string(protocol.ExecApprovalDecisionAllowAlways) {
		return d
	}
	return ""
}

// stringField returns a JSON string's trimmed value, "" for anything else.
func stringField(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// envOf reads params.env: its string values by name (others ignored).
func envOf(raw json.RawMessage) map[string]string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		}
	}
	return out
}

// jsString renders a JSON value the way JavaScript's String() does for
// the values an argv may hold.
func jsString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	switch t := string(bytes.TrimSpace(raw)); {
	case t == "true" || t == "false" || t == "null":
		return t
	case strings.HasPrefix(t, "["):
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		parts := make([]string, len(items))
		for i, it := range items {
			if s := string(bytes.TrimSpace(it)); s != "null" {
				parts[i] = jsString(it)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}
