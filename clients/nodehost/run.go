package nodehost

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/internal/hostexec"
)

// runContext is what the events of one run carry.
type runContext struct {
	sessionKey, runID, commandText string
	suppressNotify                 bool
}

// run serves system.run: checks the params, judges the run by the local
// policy, and runs it.
func (h *Host) run(ctx context.Context, _ *gatewire.InvokeRequest, p *protocol.SystemRunParams) (any, error) {
	if len(p.Command) == 0 {
		return nil, invalid("command required")
	}
	cmd, err := resolveCommand(p.Command, p.RawCommand)
	if err != nil {
		return nil, err
	}
	env := hostexec.CheckEnv(hostexec.EnvValues(p.Env))
	if msg := env.Rejection(); msg != "" {
		return nil, invalid(msg)
	}
	rc := runContext{sessionKey: orDefault(p.SessionKey, defaultNodeSessionKey), runID: orDefault(p.RunID, uuid.NewString()),
		commandText: cmd.text, suppressNotify: flag(p.SuppressNotifyOnExit)}
	argv, cwd, err := h.approvedArgv(ctx, p, cmd, rc)
	if err != nil {
		return nil, err
	}
	resolved := hostexec.ResolveBinary(argv[0], deref(cwd))
	if err := h.judge(ctx, p, argv, resolved, rc); err != nil {
		return nil, err
	}
	if flag(p.NeedsScreenRecording) { // a headless host never holds that permission
		return nil, h.deny(ctx, rc, "permission:screenRecording", "PERMISSION_MISSING: screenRecording")
	}
	res := hostexec.Execute(ctx, hostexec.Process{Path: resolved, Argv: argv, Cwd: deref(cwd), Env: hostexec.RunEnv(env.Accepted),
		Timeout: millis(p.TimeoutMs)})
	h.sendFinished(ctx, rc, res)
	return res, nil
}

// approvedArgv returns the argv and cwd to run. A run carrying an
// approved plan runs exactly the plan; its argv must be the plan's (or
// resolve to it) and its cwd the plan's.
func (h *Host) approvedArgv(ctx context.Context, p *protocol.SystemRunParams, cmd command, rc runContext) ([]string, *string, error) {
	cwd := trimmedOrNil(p.Cwd)
	if p.SystemRunPlan == nil {
		return cmd.argv, cwd, nil
	}
	plan := p.SystemRunPlan
	if len(plan.Argv) == 0 || !samePlanArgv(cmd.argv, plan.Argv, deref(cwd)) || deref(cwd) != deref(trimmedOrNil(plan.Cwd)) {
		return nil, nil, h.deny(ctx, rc, "execution-plan-miss", "SYSTEM_RUN_DENIED: execution plan mismatch")
	}
	if _, msg := canonicalCwd(plan.Cwd); msg != "" {
		return nil, nil, h.deny(ctx, rc, execapprovals.ReasonApprovalRequired, msg)
	}
	return plan.Argv, plan.Cwd, nil
}

// samePlanArgv reports whether a run's argv is the plan's: equal, or
// with argv[0] resolving to the plan's absolute argv[0].
func samePlanArgv(argv, plan []string, cwd string) bool {
	if len(argv) != len(plan) || !slices.Equal(argv[1:], plan[1:]) {
		return false
	}
	return argv[0] == plan[0] || hostexec.ResolveBinary(argv[0], cwd) == plan[0]
}

// judge applies the local policy; a run it does not allow is refused
// (and reported with exec.denied). An allowed run records what the
// policy keeps: allow-always, and the use of the entry that matched.
func (h *Host) judge(ctx context.Context, p *protocol.SystemRunParams, argv []string, resolved string, rc runContext) error {
	snap, err := h.approvals.Ensure()
	if err != nil {
		h.log.Error("exec approvals unreadable", "err", err)
		return h.deny(ctx, rc, execapprovals.ReasonSecurityDeny, "SYSTEM_RUN_DISABLED: security=deny")
	}
	agentID := deref(trimmedOrNil(p.AgentID))
	policy := nodePolicy(snap.File, agentID)
	run := execapprovals.Run{Argv: argv, ResolvedPath: resolved, CommandText: execapprovals.CommandText(argv), Decision: decision(p)}
	if _, shell := hostexec.ShellScript(argv); shell {
		// A shell runs whatever its script says: trusting the shell binary
		// would trust every script, so a shell wrapper is judged (and
		// remembered by allow-always) by its exact command text only.
		run.ResolvedPath = ""
	}
	verdict := execapprovals.Evaluate(policy, run)
	if verdict.Verdict != execapprovals.Allow {
		return h.deny(ctx, rc, verdict.Reason, verdict.Message)
	}
	h.record(agentID, run, verdict)
	return nil
}

// record keeps an allow-always decision and stamps the matching entry.
func (h *Host) record(agentID string, run execapprovals.Run, v execapprovals.Result) {
	now := h.now().UnixMilli()
	always := run.Decision == string(protocol.ExecApprovalDecisionAllowAlways)
	if !always && v.Match == nil {
		return
	}
	_, err := h.approvals.Update(func(f *execapprovals.File) bool {
		changed := always && execapprovals.RecordAllowAlways(f, agentID, run, now)
		return execapprovals.RecordUse(f, agentID, v.Match, run, now) || changed
	})
	if err != nil {
		h.log.Error("exec approvals not updated", "err", err)
	}
}

// decision is the approval that came with the run: a valid
// approvalDecision, else allow-once for approved:true, else none.
func decision(p *protocol.SystemRunParams) string {
	switch d := deref(p.ApprovalDecision); d {
	case string(protocol.ExecApprovalDecisionAllowOnce), string(protocol.ExecApprovalDecisionAllowAlways):
		return d
	}
	if flag(p.Approved) {
		return string(protocol.ExecApprovalDecisionAllowOnce)
	}
	return ""
}

// deny reports a refused run with exec.denied and returns v3's error.
func (h *Host) deny(ctx context.Context, rc runContext, reason, message string) error {
	payload := rc.event()
	payload.Reason = &reason
	h.event(ctx, string(protocol.NodeEventNameExecDenied), payload)
	return unavailable(message)
}

// sendFinished reports a finished run with exec.finished.
func (h *Host) sendFinished(ctx context.Context, rc runContext, res protocol.SystemRunResult) {
	parts := []string{}
	for _, s := range []string{res.Stdout, res.Stderr, deref(res.Error)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	output := tail(strings.TrimSpace(strings.Join(parts, "\n")), execEventOutputTailLen)
	payload := rc.event()
	payload.TimedOut, payload.Success, payload.Output = &res.TimedOut, &res.Success, &output
	if res.ExitCode != nil {
		code := float64(*res.ExitCode)
		payload.ExitCode = &code
	}
	h.event(ctx, string(protocol.NodeEventNameExecFinished), payload)
}

// event is the payload of an exec.* event about the run, without the
// members of one event only.
func (rc runContext) event() *protocol.ExecNodeEvent {
	host := execEventHost
	ev := &protocol.ExecNodeEvent{SessionKey: &rc.sessionKey, RunID: &rc.runID, Host: &host, Command: &rc.commandText}
	if rc.suppressNotify {
		ev.SuppressNotifyOnExit = &rc.suppressNotify
	}
	return ev
}

// event sends a node.event without holding up the run's answer for long.
func (h *Host) event(ctx context.Context, name string, payload *protocol.ExecNodeEvent) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := h.node.SendEvent(ctx, name, payload); err != nil {
		h.log.Debug("node.event not delivered", "event", name, "err", err)
	}
}

// tail keeps the last n characters of s, marked as v3 marks them.
func tail(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "... (truncated) " + string(r[len(r)-n:])
}

func orDefault(s *string, def string) string {
	if t := trimmedOrNil(s); t != nil {
		return *t
	}
	return def
}

// flag is an optional boolean param, false when absent.
func flag(b *bool) bool { return b != nil && *b }

func millis(ms *int64) time.Duration {
	if ms == nil || *ms <= 0 {
		return 0
	}
	return time.Duration(*ms) * time.Millisecond
}
