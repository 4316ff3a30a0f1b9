package nodes

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// ExecNote is what a node reported about a command it ran (exec.started,
// exec.finished, exec.denied), as the line v3 puts into the node's
// session for the agent to read on its next turn. The agent runtime takes
// them with Service.TakeExecNotes.
type ExecNote struct {
	// SessionKey is the session the note is for: the payload's sessionKey,
	// else "node-<nodeId>".
	SessionKey string
	// ContextKey groups the notes of one run: "exec:<runId>", or "exec".
	ContextKey string
	// Text is v3's line, e.g. "Exec finished (node=n1 id=r1, code 2)\nboom".
	Text string
	// At is when the gateway took the event.
	At time.Time
}

// Bounds of the exec notes kept in memory.
const (
	maxExecOutputChars     = 180
	maxNotesPerSession     = 20
	maxNoteSessions        = 1024
	execFinishedDedupe     = 10 * time.Minute
	maxRecentFinishedRuns  = 2000
	execNoteSessionDefault = "node-"
)

// execNotes keeps the exec notes per session, and the exec.finished runs
// seen lately (a run's finish is noted once).
type execNotes struct {
	mu       sync.Mutex
	bySess   map[string][]ExecNote
	finished map[string]time.Time
}

// execNote turns an exec.* node event into a note, as v3 does: a payload
// that is not an object, a run that asked not to be noted
// (suppressNotifyOnExit), a finish with exit code 0 and no output, and a
// repeated finish of one run within ten minutes are dropped. Each note is
// also logged.
func (s *Service) execNote(nodeID, event string, obj map[string]any) {
	ev := execEvent(obj)
	if ev == nil || ev.SuppressNotifyOnExit != nil && *ev.SuppressNotifyOnExit {
		return
	}
	session := text(ev.SessionKey)
	if session == "" {
		session = execNoteSessionDefault + nodeID
	}
	runID := text(ev.RunID)
	now := s.deps.Now()
	text, ok := execText(nodeID, event, runID, ev)
	if !ok || event == eventExecFinished && runID != "" && s.notes.seenFinish(session+"::"+runID, now) {
		return
	}
	contextKey := "exec"
	if runID != "" {
		contextKey = "exec:" + runID
	}
	s.notes.add(ExecNote{SessionKey: session, ContextKey: contextKey, Text: text, At: now})
	slog.Info("node exec event", "node", nodeID, "event", event, "session", session, "text", text)
}

// execText is v3's line for an exec event; ok is false for a finish
// that is not worth a note (exit 0, no output, no timeout).
func execText(nodeID, event, runID string, ev *protocol.ExecNodeEvent) (line string, ok bool) {
	id := ""
	if runID != "" {
		id = " id=" + runID
	}
	command := text(ev.Command)
	switch event {
	case eventExecStarted:
		line = "Exec started (node=" + nodeID + id + ")"
	case eventExecFinished:
		hasCode := ev.ExitCode != nil
		code := 0.0
		if hasCode {
			code = *ev.ExitCode
		}
		timedOut := ev.TimedOut != nil && *ev.TimedOut
		output := compactOutput(text(ev.Output))
		if !timedOut && hasCode && code == 0 && output == "" {
			return "", false
		}
		label := "code ?"
		switch {
		case timedOut:
			label = "timeout"
		case hasCode && !math.IsInf(code, 0):
			label = "code " + fmt.Sprint(code)
		}
		line = "Exec finished (node=" + nodeID + id + ", " + label + ")"
		if output != "" {
			line += "\n" + output
		}
		return line, true
	default:
		reason := ""
		if r := text(ev.Reason); r != "" {
			reason = ", " + r
		}
		line = "Exec denied (node=" + nodeID + id + reason + ")"
	}
	if command != "" {
		line += ": " + command
	}
	return line, true
}

// execEvent reads an exec.* payload as v3 does: a member of another
// type than the schema's counts as absent (encoding/json skips it and
// keeps the others); nil when the payload is not an object.
func execEvent(obj map[string]any) *protocol.ExecNodeEvent {
	if obj == nil {
		return nil
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return nil
	}
	var ev protocol.ExecNodeEvent
	_ = json.Unmarshal(raw, &ev) // a mistyped member is skipped, the rest decoded
	return &ev
}

// text is a string member trimmed, "" when absent or blank.
func text(s *string) string {
	if s == nil {
		return ""
	}
	return trimSpace(*s)
}

// compactOutput folds white space runs into one space and cuts the text
// to 180 characters, the last one an ellipsis.
func compactOutput(raw string) string {
	s := strings.Join(strings.Fields(raw), " ")
	if utf8.RuneCountInString(s) <= maxExecOutputChars {
		return s
	}
	return string([]rune(s)[:maxExecOutputChars-1]) + "…"
}

// seenFinish reports whether the finish fingerprint was noted within the
// dedupe window, and records it otherwise.
func (n *execNotes) seenFinish(fingerprint string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.finished == nil {
		n.finished = map[string]time.Time{}
	}
	if at, ok := n.finished[fingerprint]; ok && now.Sub(at) <= execFinishedDedupe {
		return true
	}
	n.finished[fingerprint] = now
	if len(n.finished) > maxRecentFinishedRuns {
		for k, at := range n.finished {
			if now.Sub(at) > execFinishedDedupe || len(n.finished) > maxRecentFinishedRuns {
				delete(n.finished, k)
			}
		}
	}
	return false
}

// add keeps a note, the newest maxNotesPerSession of a session, in at
// most maxNoteSessions sessions (a new session beyond that is dropped).
func (n *execNotes) add(note ExecNote) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.bySess == nil {
		n.bySess = map[string][]ExecNote{}
	}
	list, ok := n.bySess[note.SessionKey]
	if !ok && len(n.bySess) >= maxNoteSessions {
		return
	}
	list = append(list, note)
	if len(list) > maxNotesPerSession {
		list = list[len(list)-maxNotesPerSession:]
	}
	n.bySess[note.SessionKey] = list
}

// TakeExecNotes returns the exec notes kept for a session, oldest first,
// and forgets them.
func (s *Service) TakeExecNotes(sessionKey string) []ExecNote {
	s.notes.mu.Lock()
	defer s.notes.mu.Unlock()
	list := s.notes.bySess[sessionKey]
	delete(s.notes.bySess, sessionKey)
	return list
}
