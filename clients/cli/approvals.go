package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// approvalsAccess is how the approvals commands connect: every
// exec.approval.* method needs operator.approvals.
var approvalsAccess = access{scopes: []string{gatewire.ScopeApprovals}}

// newApprovalsCommand returns `approvals` and its subcommands.
func (e *env) newApprovalsCommand() *cobra.Command {
	var f connFlags
	cmd := groupCommand("approvals", "List, show and decide pending exec approvals; watch for new ones and answer them")
	cmd.Long = `Exec approvals are the gateway's questions to people before a command runs on a
node or the gateway host. These commands need the operator.approvals scope (or
operator.admin). An approval is named by its id or a unique prefix of it.`
	f.register(cmd.PersistentFlags())
	cmd.AddCommand(e.approvalsList(&f), e.approvalsGet(&f), e.approvalsApprove(&f), e.approvalsDeny(&f), e.approvalsWatch(&f))
	return cmd
}

// withApprovals is withSession for the approvals commands: a refusal for
// want of operator.approvals says how to get it.
func (e *env) withApprovals(cmd *cobra.Command, f *connFlags, fn func(ctx context.Context, s *session) error) error {
	return withApprovalsHint(e.withSession(cmd, f, approvalsAccess, fn))
}

func (e *env) approvalsList(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the pending exec approvals, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withApprovals(cmd, f, func(ctx context.Context, s *session) error {
				r, err := s.api.ExecApprovalList(ctx, &protocol.ExecApprovalListParams{})
				if err != nil {
					return err
				}
				return s.emit(func() error { return printApprovals(s, *r) })
			})
		},
	}
}

func printApprovals(s *session, pending []protocol.PendingExecApproval) error {
	t := newTable(s.cmd.OutOrStdout(), "ID", "COMMAND", "WHERE", "CWD", "AGENT", "DECISIONS", "EXPIRES")
	now := s.now()
	for _, a := range pending {
		r := a.Request
		t.row(a.ID, clip(r.Command, 60), where(r.Host, r.NodeID, 12), str(r.Cwd), str(r.AgentID),
			decisions(r.AllowedDecisions), until(a.ExpiresAtMs, now))
	}
	return t.flush()
}

func (e *env) approvalsGet(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "get <id>",
		Short: "Show one pending exec approval",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withApprovals(cmd, f, func(ctx context.Context, s *session) error {
				r, err := s.api.ExecApprovalGet(ctx, &protocol.ExecApprovalGetParams{ID: args[0]})
				if err != nil {
					return err
				}
				return s.emit(func() error {
					return fields(s.cmd.OutOrStdout(),
						"id", r.ID,
						"command", r.CommandText,
						"preview", str(r.CommandPreview),
						"where", where(r.Host, r.NodeID, 0),
						"agent", str(r.AgentID),
						"decisions", decisions(r.AllowedDecisions),
						"expires", until(r.ExpiresAtMs, s.now()))
				})
			})
		},
	}
}

func (e *env) approvalsApprove(f *connFlags) *cobra.Command {
	var always bool
	cmd := &cobra.Command{
		Use:   "approve <id>",
		Short: "Allow a pending exec approval once (or always, with --always)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			decision := protocol.ExecApprovalDecisionAllowOnce
			if always {
				decision = protocol.ExecApprovalDecisionAllowAlways
			}
			return e.resolveApproval(cmd, f, args[0], decision)
		},
	}
	cmd.Flags().BoolVar(&always, "always", false,
		"allow-always: also allow this command from now on (refused when the request's policy asks every time)")
	return cmd
}

func (e *env) approvalsDeny(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "deny <id>",
		Short: "Deny a pending exec approval",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.resolveApproval(cmd, f, args[0], protocol.ExecApprovalDecisionDeny)
		},
	}
}

// resolveApproval sends one decision and says so.
func (e *env) resolveApproval(cmd *cobra.Command, f *connFlags, id string, d protocol.ExecApprovalDecision) error {
	return e.withApprovals(cmd, f, func(ctx context.Context, s *session) error {
		if _, err := s.api.ExecApprovalResolve(ctx, &protocol.ExecApprovalResolveParams{ID: id, Decision: string(d)}); err != nil {
			return err
		}
		return s.emit(func() error { return printLine(cmd.OutOrStdout(), "%s: %s", decidedVerb(d), id) })
	})
}

// decidedVerb says what a decision did.
func decidedVerb(d protocol.ExecApprovalDecision) string {
	switch d {
	case protocol.ExecApprovalDecisionAllowOnce:
		return "allowed once"
	case protocol.ExecApprovalDecisionAllowAlways:
		return "allowed always"
	}
	return "denied"
}

// where says where a command would run: the host, and the node's id
// (cut to short characters when short > 0); "" when the request named
// neither.
func where(host, nodeID *string, short int) string {
	node := str(nodeID)
	if short > 0 && len(node) > short {
		node = node[:short] + "…"
	}
	return strings.TrimSpace(str(host) + " " + node)
}

// decisions lists the allowed decisions.
func decisions(ds []protocol.ExecApprovalDecision) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return list(out)
}

// until describes an epoch-millisecond time still to come: seconds
// under two minutes, whole minutes (rounded down) under two days.
func until(ms int64, now time.Time) string {
	d := time.UnixMilli(ms).Sub(now)
	switch {
	case d <= 0:
		return "now"
	case d < 2*time.Minute:
		return fmt.Sprintf("in %ds", int(d.Seconds()))
	case d < 48*time.Hour:
		return "in " + strings.TrimSuffix(d.Truncate(time.Minute).String(), "0s")
	}
	return fmt.Sprintf("in %dd", int(d.Hours()/24))
}

// clip shortens s to n characters for a table cell.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// approvalsScopeNote says how to get operator.approvals.
const approvalsScopeNote = "the approvals commands need the operator.approvals scope (operator.admin also grants it). " +
	"On the gateway's host, run them with the gateway's token (the CLI then connects as the gateway's local client and " +
	"gets the scopes it asks for); from a paired device, have this device's scope upgrade approved on the gateway host " +
	"with: gatewire devices approve <requestId> (or --latest)"

// withApprovalsHint adds approvalsScopeNote to an error that comes from
// lacking operator.approvals: a connect refused for a scope upgrade, a
// gateway that granted fewer scopes, or a "missing scope" answer.
func withApprovalsHint(err error) error {
	if err == nil || !lacksApprovals(err) {
		return err
	}
	return &hintedError{err: err, note: approvalsScopeNote}
}

// lacksApprovals reports whether err is a refusal for want of
// operator.approvals.
func lacksApprovals(err error) bool {
	var refused *refusedError
	var fewer *gatewire.ScopesError
	switch {
	case errors.As(err, &refused):
		return gatewire.Details(refused.refusal).Code == gatewire.DetailPairingRequired
	case errors.As(err, &fewer):
		return true
	}
	scope, ok := missingScope(err)
	return ok && (scope == gatewire.ScopeApprovals || scope == gatewire.ScopeAdmin)
}

// missingScope returns the scope named by a "missing scope: X" refusal.
func missingScope(err error) (string, bool) {
	var we *wire.Error
	if !errors.As(err, &we) {
		return "", false
	}
	scope, ok := strings.CutPrefix(we.Message, "missing scope: ")
	return scope, ok && scope != ""
}

// hintedError is an error with a note for people after it.
type hintedError struct {
	err  error
	note string
}

func (e *hintedError) Error() string { return fmt.Sprintf("%v\nnote: %s", e.err, e.note) }

func (e *hintedError) Unwrap() error { return e.err }

// permitted reports whether d is among the allowed decisions.
func permitted(allowed []protocol.ExecApprovalDecision, d protocol.ExecApprovalDecision) bool {
	return slices.Contains(allowed, d)
}
