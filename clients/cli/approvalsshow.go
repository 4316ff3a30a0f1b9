package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// watchLine is one line of `approvals watch --json`.
type watchLine struct {
	// Type is requested, resolved, expired, gone, answered or refused.
	Type     string          `json:"type"`
	ID       string          `json:"id,omitempty"`
	Decision string          `json:"decision,omitempty"`
	Message  string          `json:"message,omitempty"`
	Approval json.RawMessage `json:"approval,omitempty"`
	Resolved json.RawMessage `json:"resolved,omitempty"`
}

// emit writes one --json line.
func (w *watcher) emit(l watchLine) {
	raw, err := json.Marshal(l)
	if err != nil {
		return
	}
	fmt.Fprintf(w.out, "%s\n", raw)
}

// endPrompt ends a prompt line that is on screen, so that what follows
// starts on a line of its own.
func (w *watcher) endPrompt() {
	if w.prompted {
		fmt.Fprintln(w.out)
		w.prompted = false
	}
}

// say writes one line for people (nothing with --json).
func (w *watcher) say(line string) {
	if w.json {
		return
	}
	w.endPrompt()
	_ = printLine(w.out, "%s", line)
}

// logf writes a note to stderr.
func (w *watcher) logf(format string, args ...any) {
	w.endPrompt()
	_ = printLine(w.log, format, args...)
}

// prompt asks about the current approval, unless a prompt is on screen.
func (w *watcher) prompt() {
	cur := w.queue.current()
	if w.json || w.prompted || cur == nil {
		return
	}
	choices := []string{"[o]nce"}
	if permitted(cur.Request.AllowedDecisions, protocol.ExecApprovalDecisionAllowAlways) {
		choices = append(choices, "[a]lways")
	}
	choices = append(choices, "[d]eny")
	more := ""
	if n := w.queue.len() - 1; n > 0 {
		choices = append(choices, "[s]kip")
		more = fmt.Sprintf(" (%d more waiting)", n)
	}
	fmt.Fprintf(w.out, "%s%s %s > ", escapeText(fmt.Sprintf("allow %s (%s)?", short(cur.ID), clip(cur.Request.Command, 40))),
		more, strings.Join(choices, " "))
	w.prompted = true
}

// showRequested shows an approval that has just arrived.
func (w *watcher) showRequested(item *waiting, raw []byte) {
	if w.json {
		if raw == nil {
			raw, _ = json.Marshal(item.PendingExecApproval)
		}
		w.emit(watchLine{Type: "requested", ID: item.ID, Approval: raw})
		return
	}
	w.endPrompt()
	head := "exec approval requested: " + item.ID
	if w.queue.current() != item {
		head += fmt.Sprintf(" (waits its turn: %d ahead)", w.queue.len()-1)
	}
	r := item.Request
	pairs := []string{
		"command", r.Command,
		"where", where(r.Host, r.NodeID, 0),
		"cwd", str(r.Cwd),
		"agent", str(r.AgentID),
	}
	if len(r.EnvKeys) > 0 {
		pairs = append(pairs, "env", list(r.EnvKeys))
	}
	if warn := str(r.WarningText); warn != "" {
		pairs = append(pairs, "warning", warn)
	}
	pairs = append(pairs, "expires", until(item.ExpiresAtMs, w.now().Add(-w.skew)), "decisions", decisions(r.AllowedDecisions))
	_ = printLine(w.out, "%s", head)
	tw := tabwriter.NewWriter(w.out, 0, 4, 1, ' ', 0)
	for i := 0; i+1 < len(pairs); i += 2 {
		v := pairs[i+1]
		if v == "" {
			v = "-"
		}
		fmt.Fprintf(tw, "  %s:\t%s\n", pairs[i], escapeText(v))
	}
	_ = tw.Flush()
}

// showAnswered says that this watch's answer was taken.
func (w *watcher) showAnswered(id string, d protocol.ExecApprovalDecision) {
	if w.json {
		w.emit(watchLine{Type: "answered", ID: id, Decision: string(d)})
		return
	}
	w.say(fmt.Sprintf("%s: %s", decidedVerb(d), id))
}

// showRefused says that the gateway did not take an answer; the approval
// keeps waiting.
func (w *watcher) showRefused(id string, d protocol.ExecApprovalDecision, message string) {
	if w.json {
		w.emit(watchLine{Type: "refused", ID: id, Decision: string(d), Message: message})
		return
	}
	w.say(fmt.Sprintf("%s refused for %s: %s", d, id, message))
}

// drop removes an approval that is no longer pending and says why.
func (w *watcher) drop(id, kind, why string) {
	w.queue.remove(id)
	if w.json {
		w.emit(watchLine{Type: kind, ID: id, Message: why})
		return
	}
	w.say(fmt.Sprintf("approval %s %s", id, why))
}

// dropResolved removes an approval someone else decided.
func (w *watcher) dropResolved(r protocol.ExecApprovalResolvedEvent, raw []byte) {
	w.queue.remove(r.ID)
	if w.json {
		w.emit(watchLine{Type: "resolved", ID: r.ID, Decision: string(r.Decision), Resolved: raw})
		return
	}
	by := str(r.ResolvedBy)
	if by == "" {
		by = "another client"
	}
	w.say(fmt.Sprintf("approval %s was resolved elsewhere: %s by %s", r.ID, r.Decision, by))
}

// short returns the first eight characters of an id.
func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
