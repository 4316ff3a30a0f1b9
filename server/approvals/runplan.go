package approvals

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/runtime/wire"
)

// command is a system.run command as a caller gave it: the argv and its
// text.
type command struct {
	argv []string
	text string
}

// commandRequest reads params.command (an argv) and params.rawCommand
// and checks they agree: rawCommand without command is refused, and a
// rawCommand must be the argv's text or, for "<shell> -c <script>", the
// script.
func commandRequest(in map[string]json.RawMessage) (command, error) {
	rawCmd := stringField(in["rawCommand"])
	var items []json.RawMessage
	_ = json.Unmarshal(in["command"], &items)
	if len(items) == 0 {
		if rawCmd != "" {
			return command{}, wire.InvalidRequest("rawCommand requires params.command").WithDetails(map[string]any{"code": "MISSING_COMMAND"})
		}
		return command{}, nil
	}
	argv := make([]string, len(items))
	for i, it := range items {
		argv[i] = jsString(it)
	}
	text := execapprovals.CommandText(argv)
	if rawCmd != "" && rawCmd != text && (shellScript(argv) == "" || rawCmd != shellScript(argv)) {
		return command{}, wire.InvalidRequest("INVALID_REQUEST: rawCommand does not match command").WithDetails(map[string]any{
			"code": "RAW_COMMAND_MISMATCH", "rawCommand": rawCmd, "inferred": text, "formattedArgv": text,
		})
	}
	return command{argv: argv, text: text}, nil
}

// runContext is what an approved run is checked and forwarded with: the
// approval's stored plan when it has a usable one, else the caller's
// command, cwd, agent and session.
type runContext struct {
	plan                     *protocol.SystemRunPlan
	argv                     []string
	cwd, agentID, sessionKey *string
}

// runtimeContext builds the run context from the stored plan or, without
// one, from the caller's params.
func runtimeContext(stored *protocol.SystemRunPlan, in map[string]json.RawMessage) (runContext, error) {
	if plan := normalizePlan(stored); plan != nil {
		return runContext{plan: plan, argv: slices.Clone(plan.Argv), cwd: plan.Cwd, agentID: plan.AgentID, sessionKey: plan.SessionKey}, nil
	}
	cmd, err := commandRequest(in)
	if err != nil {
		return runContext{}, err
	}
	return runContext{argv: cmd.argv, cwd: optString(in["cwd"]), agentID: optString(in["agentId"]), sessionKey: optString(in["sessionKey"])}, nil
}

// applyTo replaces the caller's command, plan, text, cwd, agent and
// session in next with the stored plan's (nothing without a plan).
func (rc runContext) applyTo(next map[string]json.RawMessage) error {
	if rc.plan == nil {
		return nil
	}
	values := map[string]any{"command": rc.plan.Argv, "systemRunPlan": rc.plan, "rawCommand": rc.plan.CommandText}
	for key, v := range map[string]*string{"cwd": rc.cwd, "agentId": rc.agentID, "sessionKey": rc.sessionKey} {
		delete(next, key)
		if v != nil {
			values[key] = *v
		}
	}
	for key, v := range values {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		next[key] = raw
	}
	return nil
}

// normalizePlan returns the plan with blank strings as null, or nil when
// it has no argv or no command text.
func normalizePlan(p *protocol.SystemRunPlan) *protocol.SystemRunPlan {
	if p == nil {
		return nil
	}
	argv := slices.Clone(p.Argv)
	text := strings.TrimSpace(p.CommandText)
	if len(argv) == 0 || text == "" {
		return nil
	}
	out := &protocol.SystemRunPlan{
		Argv: argv, Cwd: nonEmpty(p.Cwd), CommandText: text, AgentID: nonEmpty(p.AgentID),
		SessionKey: nonEmpty(p.SessionKey), MutableFileOperand: p.MutableFileOperand,
	}
	out.CommandPreview = protocol.NewNull[string]()
	if v := nonEmpty(p.CommandPreview.Value); v != nil {
		out.CommandPreview = protocol.NewNullable(*v)
	}
	return out
}

// optString reads a JSON string as a trimmed, non-empty value, else nil.
func optString(raw json.RawMessage) *string {
	s := stringField(raw)
	if s == "" {
		return nil
	}
	return &s
}

// matchBinding checks an approved run against the approval's binding:
// same argv, cwd, agent and session, and the same env hash.
func matchBinding(req protocol.ExecApprovalRequestPayload, rc runContext, env map[string]string, runID string) error {
	actualHash := EnvHash(env)
	keys := envNames(env)
	mismatch := func(extra map[string]any) error {
		d := map[string]any{"code": "APPROVAL_REQUEST_MISMATCH", "runId": runID}
		for k, v := range extra {
			d[k] = v
		}
		return wire.InvalidRequest("approval id does not match request").WithDetails(d)
	}
	if req.Host == nil || *req.Host != hostNode {
		return mismatch(nil)
	}
	b := req.SystemRunBinding
	if b == nil {
		return mismatch(map[string]any{"envKeys": keys})
	}
	if len(b.Argv) == 0 || !slices.Equal(b.Argv, rc.argv) || !sameString(b.Cwd, rc.cwd) ||
		!sameString(b.AgentID, rc.agentID) || !sameString(b.SessionKey, rc.sessionKey) {
		return mismatch(nil)
	}
	switch {
	case b.EnvHash == nil && actualHash == nil:
		return nil
	case b.EnvHash == nil:
		return wire.InvalidRequest("approval id missing env binding for requested env overrides").WithDetails(map[string]any{
			"code": "APPROVAL_ENV_BINDING_MISSING", "runId": runID, "envKeys": keys,
		})
	case actualHash == nil || *actualHash != *b.EnvHash:
		return wire.InvalidRequest("approval id env binding mismatch").WithDetails(map[string]any{
			"code": "APPROVAL_ENV_MISMATCH", "runId": runID, "envKeys": keys, "expectedEnvHash": *b.EnvHash, "actualEnvHash": actualHash,
		})
	}
	return nil
}

// envNames lists env's usable names, sorted (what EnvHash covers).
func envNames(env map[string]string) []string {
	keys := []string{}
	for k := range env {
		if k = strings.TrimSpace(k); envKeyPattern.MatchString(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// sameString compares two optional strings, blank counting as absent.
func sameString(a, b *string) bool {
	a, b = nonEmpty(a), nonEmpty(b)
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
