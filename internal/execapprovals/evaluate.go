package execapprovals

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Verdict is the outcome of evaluating one run.
type Verdict string

// The verdicts.
const (
	// Allow: run it.
	Allow Verdict = "allow"
	// NeedsApproval: run it only with a person's approval (a node refuses
	// it with "approval required"; whoever can ask asks, and whoever
	// cannot applies the policy's ask fallback).
	NeedsApproval Verdict = "needs-approval"
	// Deny: never run it.
	Deny Verdict = "deny"
)

// The reasons a run is not allowed, as v3's exec.denied events name them.
const (
	ReasonSecurityDeny     = "security=deny"
	ReasonApprovalRequired = "approval-required"
	ReasonAllowlistMiss    = "allowlist-miss"
)

// Run is one run to judge.
type Run struct {
	// Argv is the command as it will be run; Argv[0] as invoked.
	Argv []string
	// ResolvedPath is the absolute path Argv[0] resolved to ("" when it
	// did not resolve).
	ResolvedPath string
	// CommandText is the command as shown to approvers (matched against
	// durable "=command:" entries).
	CommandText string
	// Decision is the approval the gateway forwarded with the run:
	// "allow-once", "allow-always", or "" for none. Only a decision the
	// gateway's own approval flow set may be passed here.
	Decision string
}

// Result is the judgement of one run.
type Result struct {
	Verdict Verdict
	// Reason is one of the Reason constants when Verdict is not Allow.
	Reason string
	// Message is v3's error text for a refused run on a node.
	Message string
	// Match is the allowlist entry that trusted the binary, if any.
	Match *protocol.ExecApprovalsAllowlistEntry
	// Approved reports that an approval decision allowed the run.
	Approved bool
}

// Evaluate judges r under p, without side effects, in v3's order:
// security deny; then whether the policy asks (ask always; ask on-miss
// with security allowlist and no allowlist match or allow-always
// entry) and no approval came with the run; then an allowlist miss
// without approval; everything else is allowed.
func Evaluate(p Policy, r Run) Result {
	approved := r.Decision == string(protocol.ExecApprovalDecisionAllowOnce) || r.Decision == string(protocol.ExecApprovalDecisionAllowAlways)
	argv0 := ""
	if len(r.Argv) > 0 {
		argv0 = r.Argv[0]
	}
	match := Match(p.Allowlist, argv0, r.ResolvedPath)
	res := Result{Match: match, Approved: approved}
	if p.Security == SecurityDeny {
		return refuse(res, Deny, ReasonSecurityDeny, "SYSTEM_RUN_DISABLED: security=deny")
	}
	durable := (match != nil && deref(match.Source) == sourceAllowAlways) || hasDurableCommand(p.Allowlist, r.CommandText)
	asks := p.Ask == AskAlways || (!durable && p.Ask == AskOnMiss && p.Security == SecurityAllowlist && match == nil)
	if asks && !approved {
		return refuse(res, NeedsApproval, ReasonApprovalRequired, "SYSTEM_RUN_DENIED: approval required")
	}
	if p.Security == SecurityAllowlist && match == nil && !approved && !durable {
		return refuse(res, Deny, ReasonAllowlistMiss, "SYSTEM_RUN_DENIED: allowlist miss")
	}
	res.Verdict = Allow
	return res
}

// Fallback is what a NeedsApproval result becomes when no approver can
// be asked: the policy's askFallback (full allows, allowlist allows only
// an allowlisted binary, deny refuses).
func Fallback(p Policy, r Result) Result {
	if r.Verdict != NeedsApproval {
		return r
	}
	if p.AskFallback == SecurityFull || (p.AskFallback == SecurityAllowlist && r.Match != nil) {
		r.Verdict, r.Reason, r.Message = Allow, "", ""
		return r
	}
	r.Verdict = Deny
	return r
}

// refuse fills in a refusal.
func refuse(r Result, v Verdict, reason, message string) Result {
	r.Verdict, r.Reason, r.Message = v, reason, message
	return r
}

// commandPattern is the allowlist pattern that trusts one exact command
// text: "=command:" and the first 16 hex digits of its SHA-256.
func commandPattern(commandText string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(commandText)))
	return "=command:" + hex.EncodeToString(sum[:])[:16]
}

// hasDurableCommand reports whether an allow-always entry trusts exactly
// commandText.
func hasDurableCommand(entries []protocol.ExecApprovalsAllowlistEntry, commandText string) bool {
	if strings.TrimSpace(commandText) == "" {
		return false
	}
	want := commandPattern(commandText)
	for _, e := range entries {
		if deref(e.Source) == sourceAllowAlways && strings.TrimSpace(e.Pattern) == want {
			return true
		}
	}
	return false
}
