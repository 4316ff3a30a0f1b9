package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// adminAccess is how the commands that change sessions connect:
// sessions.reset, delete and compact need operator.admin.
var adminAccess = access{scopes: []string{gatewire.ScopeAdmin}}

// newSessionsCommand returns `sessions` and its subcommands; `sessions
// import` (local, into the state database) is added by the binary.
func (e *env) newSessionsCommand() *cobra.Command {
	var f connFlags
	cmd := groupCommand("sessions", "List agent sessions, read their history, reset, delete or compact them")
	f.register(cmd.PersistentFlags())
	cmd.AddCommand(e.sessionsList(&f), e.sessionsHistory(&f), e.sessionsReset(&f), e.sessionsDelete(&f),
		e.sessionsCompact(&f))
	return cmd
}

func (e *env) sessionsList(f *connFlags) *cobra.Command {
	var p protocol.SessionsListParams
	var limit, active int64
	var agent, search string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List sessions, most recently active first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p.Limit, p.ActiveMinutes = positive(limit), positive(active)
			p.AgentID, p.Search = nonBlank(agent), nonBlank(search)
			titles := true
			p.IncludeDerivedTitles = &titles
			return query(e, cmd, f, readAccess, (*protocol.Client).SessionsList, &p, printSessions)
		},
	}
	fs := cmd.Flags()
	fs.Int64Var(&limit, "limit", 0, "most sessions to list (gateway default 100)")
	fs.Int64Var(&active, "active", 0, "only sessions active within this many minutes")
	fs.StringVar(&agent, "agent", "", "only this agent's sessions")
	fs.StringVar(&search, "search", "", "only sessions whose key, label or id contains this")
	return cmd
}

// printSessions writes the sessions as a table.
func printSessions(s *session, r *protocol.SessionsListResult) error {
	t := newTable(s.cmd.OutOrStdout(), "KEY", "TITLE", "MODEL", "TOKENS", "STATUS", "UPDATED")
	now := s.now()
	for _, row := range r.Sessions {
		model := str(row.Model)
		if p := str(row.ModelProvider); p != "" && model != "" {
			model = p + "/" + model
		}
		tokens := ""
		if row.TotalTokens != nil {
			tokens = fmt.Sprint(*row.TotalTokens)
		}
		updated := int64(0)
		if row.UpdatedAt != nil {
			updated = *row.UpdatedAt
		}
		t.row(row.Key, str(row.DerivedTitle), model, tokens, str(row.Status), ago(updated, now))
	}
	if err := t.flush(); err != nil {
		return err
	}
	if r.HasMore {
		return printLine(s.cmd.OutOrStdout(), "(%d of %d; --limit shows more)", r.Count, r.TotalCount)
	}
	return nil
}

func (e *env) sessionsHistory(f *connFlags) *cobra.Command {
	var limit int64
	cmd := &cobra.Command{
		Use:   "history <sessionKey>",
		Short: "Print a session's messages, oldest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := &protocol.ChatHistoryParams{SessionKey: args[0], Limit: positive(limit)}
			return query(e, cmd, f, readAccess, (*protocol.Client).ChatHistory, p, printHistory)
		},
	}
	cmd.Flags().Int64Var(&limit, "limit", 0, "most messages to print, the latest (gateway default 200)")
	return cmd
}

// printHistory writes each message as "role: text", tool calls and
// results on their own lines.
func printHistory(s *session, r *protocol.ChatHistoryResult) error {
	w := s.cmd.OutOrStdout()
	if len(r.Messages) == 0 {
		return printLine(w, "(no messages in %s)", r.SessionKey)
	}
	for _, m := range r.Messages {
		if err := printLine(w, "%s", escapeLines(historyLine(m))); err != nil {
			return err
		}
	}
	return nil
}

// historyLine renders one message for people.
func historyLine(m protocol.ChatMessage) string {
	var parts []struct {
		Type      string          `json:"type"`
		Text      string          `json:"text"`
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	}
	if json.Unmarshal(m.Content, &parts) != nil {
		var text string
		_ = json.Unmarshal(m.Content, &text)
		return m.Role + ": " + text
	}
	var out []string
	for _, p := range parts {
		switch p.Type {
		case "text":
			out = append(out, p.Text)
		case "toolCall":
			out = append(out, fmt.Sprintf("[calls %s %s]", p.Name, p.Arguments))
		}
	}
	role := m.Role
	if role == "toolResult" {
		var name string
		_ = json.Unmarshal(m.Extra["toolName"], &name)
		role = "tool " + name
	}
	return role + ": " + strings.Join(out, "\n")
}

func (e *env) sessionsReset(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "reset <sessionKey>",
		Short: "Start a session over with an empty transcript (the old one is archived)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return query(e, cmd, f, adminAccess, (*protocol.Client).SessionsReset, &protocol.SessionsResetParams{Key: args[0]},
				func(s *session, r *protocol.SessionsResetResult) error {
					var id string
					_ = json.Unmarshal(r.Entry["sessionId"], &id)
					return printLine(s.cmd.OutOrStdout(), "reset %s: new session id %s", r.Key, id)
				})
		},
	}
}

func (e *env) sessionsDelete(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "delete <sessionKey>",
		Short: "Delete a session (never an agent's main session); its transcript is archived",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return query(e, cmd, f, adminAccess, (*protocol.Client).SessionsDelete, &protocol.SessionsDeleteParams{Key: args[0]},
				func(s *session, r *protocol.SessionsDeleteResult) error {
					if !r.Deleted {
						return printLine(s.cmd.OutOrStdout(), "no session %s", r.Key)
					}
					return printLine(s.cmd.OutOrStdout(), "deleted %s (archived %s)", r.Key, strings.Join(r.Archived, ", "))
				})
		},
	}
}

func (e *env) sessionsCompact(f *connFlags) *cobra.Command {
	var keep int64
	cmd := &cobra.Command{
		Use:   "compact <sessionKey>",
		Short: "Summarize a session's older messages with its model; the model continues from the summary",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := &protocol.SessionsCompactParams{Key: args[0], MaxLines: positive(keep)}
			return query(e, cmd, f, adminAccess, (*protocol.Client).SessionsCompact, p,
				func(s *session, r *protocol.SessionsCompactResult) error {
					if !r.Compacted {
						return printLine(s.cmd.OutOrStdout(), "%s not compacted: %s", r.Key, str(r.Reason))
					}
					kept := int64(0)
					if r.Kept != nil {
						kept = *r.Kept
					}
					return printLine(s.cmd.OutOrStdout(), "compacted %s; kept the last %d messages", r.Key, kept)
				})
		},
	}
	cmd.Flags().Int64Var(&keep, "keep", 0, "messages to keep verbatim after the summary (default none)")
	return cmd
}

// positive returns &v for v > 0, else nil (the gateway's default).
func positive(v int64) *int64 {
	if v <= 0 {
		return nil
	}
	return &v
}

// nonBlank returns &v unless v is blank.
func nonBlank(v string) *string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	return &v
}
