package sessionsimport

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gatewire/gatewire/server/transcript"
)

// Session is one OpenClaw session read for import, or why it cannot be.
type Session struct {
	transcript.Imported
	// File is the transcript file read ("" when there was none).
	File string
	// Skipped counts transcript lines that are not messages gatewire
	// keeps (model changes, custom entries, other roles).
	Skipped int
	// Problem says why the session cannot be imported ("" when it can).
	Problem string
}

// Read reads every session of every agent under an OpenClaw state
// directory, ordered by agent and key.
func Read(stateDir string) ([]Session, error) {
	stores, err := filepath.Glob(filepath.Join(stateDir, "agents", "*", "sessions", "sessions.json"))
	if err != nil {
		return nil, err
	}
	if len(stores) == 0 {
		return nil, fmt.Errorf("no OpenClaw sessions under %s (looked for agents/<agentId>/sessions/sessions.json)", stateDir)
	}
	slices.Sort(stores)
	var out []Session
	for _, path := range stores {
		sessions, err := readStore(path)
		if err != nil {
			return nil, err
		}
		out = append(out, sessions...)
	}
	return out, nil
}

// storeEntry is the part of an OpenClaw session store entry gatewire keeps.
type storeEntry struct {
	SessionID         string  `json:"sessionId"`
	SessionFile       string  `json:"sessionFile"`
	UpdatedAt         int64   `json:"updatedAt"`
	SessionStartedAt  int64   `json:"sessionStartedAt"`
	LastInteractionAt int64   `json:"lastInteractionAt"`
	AbortedLastRun    bool    `json:"abortedLastRun"`
	ChatType          string  `json:"chatType"`
	LastChannel       string  `json:"lastChannel"`
	CompactionCount   int     `json:"compactionCount"`
	Label             string  `json:"label"`
	ThinkingLevel     string  `json:"thinkingLevel"`
	ProviderOverride  string  `json:"providerOverride"`
	ModelOverride     string  `json:"modelOverride"`
	InputTokens       int64   `json:"inputTokens"`
	OutputTokens      int64   `json:"outputTokens"`
	TotalTokens       int64   `json:"totalTokens"`
	EstimatedCostUsd  float64 `json:"estimatedCostUsd"`
	Status            string  `json:"status"`
	StartedAt         int64   `json:"startedAt"`
	EndedAt           int64   `json:"endedAt"`
}

// readStore reads one agent's sessions.json and the transcripts it names.
func readStore(path string) ([]Session, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var entries map[string]storeEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	dirAgent := filepath.Base(filepath.Dir(dir))
	keys := slices.Sorted(mapKeys(entries))
	out := make([]Session, 0, len(keys))
	for _, key := range keys {
		out = append(out, readSession(dir, dirAgent, key, entries[key]))
	}
	return out, nil
}

// readSession turns one store entry and its transcript into a session.
func readSession(dir, dirAgent, key string, se storeEntry) Session {
	s := Session{}
	agentID, _, ok := transcript.ParseKey(key)
	switch {
	case !ok:
		s.Imported.Entry.Key = key
		s.Problem = "not an agent session key (agent:<agentId>:<name>)"
		return s
	case se.SessionID == "":
		s.Imported.Entry.Key = key
		s.Problem = "the entry has no sessionId"
		return s
	}
	if agentID != dirAgent {
		s.Problem = fmt.Sprintf("listed under agent %q", dirAgent)
	}
	s.Imported.Entry = entryOf(key, agentID, se)
	s.File = transcriptFile(dir, se)
	if s.File == "" {
		return s
	}
	if err := s.readTranscript(); err != nil {
		s.Problem = err.Error()
	}
	return s
}

// entryOf maps an OpenClaw store entry to gatewire's.
func entryOf(key, agentID string, se storeEntry) transcript.Entry {
	e := transcript.Entry{Key: key, AgentID: agentID, SessionID: se.SessionID, Label: se.Label,
		ThinkingLevel: se.ThinkingLevel, CreatedAt: firstNonZero(se.SessionStartedAt, se.UpdatedAt),
		UpdatedAt: se.UpdatedAt, LastInteractionAt: se.LastInteractionAt, ChatType: se.ChatType,
		LastChannel: se.LastChannel, AbortedLastRun: se.AbortedLastRun, CompactionCount: se.CompactionCount,
		Totals: transcript.Usage{Input: se.InputTokens, Output: se.OutputTokens, TotalTokens: se.TotalTokens,
			Cost: se.EstimatedCostUsd},
		LastRun: transcript.RunInfo{Status: se.Status, StartedAt: se.StartedAt, EndedAt: se.EndedAt}}
	if se.ProviderOverride != "" && se.ModelOverride != "" {
		e.Model = se.ProviderOverride + "/" + se.ModelOverride
	}
	return e
}

// transcriptFile is the session's transcript: the entry's sessionFile
// when it exists, else <sessionId>.jsonl beside sessions.json; "" when
// neither does.
func transcriptFile(dir string, se storeEntry) string {
	candidates := []string{filepath.Join(dir, se.SessionID+".jsonl")}
	if se.SessionFile != "" {
		candidates = append([]string{se.SessionFile}, candidates...)
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && info.Mode().IsRegular() {
			return c
		}
	}
	return ""
}

// line is one transcript line of the kinds gatewire reads.
type line struct {
	Type             string              `json:"type"`
	ID               string              `json:"id"`
	ParentID         json.RawMessage     `json:"parentId"`
	Message          *transcript.Message `json:"message"`
	CustomType       string              `json:"customType"`
	Content          json.RawMessage     `json:"content"`
	Display          *bool               `json:"display"`
	Timestamp        json.RawMessage     `json:"timestamp"`
	Summary          string              `json:"summary"`
	FirstKeptEntryID string              `json:"firstKeptEntryId"`
}

// maxLine bounds one transcript line (a message with a large tool result).
const maxLine = 64 << 20

// readTranscript reads s.File: the branch ending at its last entry.
func (s *Session) readTranscript() error {
	f, err := os.Open(s.File)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var lines []line
	byID := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var l line
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			return fmt.Errorf("%s line %d: %w", s.File, n, err)
		}
		if l.ID != "" {
			byID[l.ID] = len(lines)
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", s.File, err)
	}
	if len(lines) == 0 || lines[0].Type != "session" {
		return errors.New("the transcript does not start with a session header")
	}
	s.take(branch(lines, byID))
	return nil
}

// branch is the path from the root to the last entry, following
// parentId links; a transcript without them is taken in file order.
func branch(lines []line, byID map[string]int) []line {
	tree := false
	for _, l := range lines {
		tree = tree || len(l.ParentID) > 0
	}
	if !tree {
		return lines
	}
	var path []line
	seen := map[int]bool{}
	for i := len(lines) - 1; i >= 0 && !seen[i]; {
		seen[i] = true
		path = append(path, lines[i])
		var parent string
		if json.Unmarshal(lines[i].ParentID, &parent) != nil || parent == "" {
			break
		}
		next, ok := byID[parent]
		if !ok {
			break
		}
		i = next
	}
	slices.Reverse(path)
	return path
}

// take keeps the messages of a branch and its latest compaction.
func (s *Session) take(path []line) {
	for _, l := range path {
		switch l.Type {
		case "message":
			if l.Message == nil || !keptRole(l.Message.Role) {
				s.Skipped++
				continue
			}
			s.Messages = append(s.Messages, transcript.Stored{ID: l.ID, Message: *l.Message})
		case "custom_message":
			s.Messages = append(s.Messages, customMessage(l))
		case "compaction":
			s.Entry.Summary, s.ContextFromID = l.Summary, l.FirstKeptEntryID
			if s.ContextFromID == "" {
				s.ContextFromID = l.ID // nothing kept: what follows the compaction
			}
		case "session":
		default:
			s.Skipped++
		}
	}
}

// keptRole reports whether gatewire keeps messages of role.
func keptRole(role string) bool {
	return role == transcript.RoleUser || role == transcript.RoleAssistant || role == transcript.RoleToolResult
}

// customMessage is an OpenClaw custom message (runtime context the model
// sees) as a user message, hidden unless OpenClaw displayed it.
func customMessage(l line) transcript.Stored {
	var text string
	if json.Unmarshal(l.Content, &text) != nil {
		text = string(l.Content)
	}
	m := transcript.Message{Role: transcript.RoleUser, Content: []transcript.Part{{Type: transcript.PartText, Text: text}},
		Hidden: l.Display == nil || !*l.Display}
	m.Timestamp = timestampMs(l.Timestamp)
	return transcript.Stored{ID: l.ID, Message: m}
}

// timestampMs reads a line's timestamp: epoch ms or an ISO time; 0 when
// it is neither.
func timestampMs(raw json.RawMessage) int64 {
	var ms int64
	if json.Unmarshal(raw, &ms) == nil {
		return ms
	}
	var iso string
	if json.Unmarshal(raw, &iso) == nil {
		if t, err := time.Parse(time.RFC3339Nano, iso); err == nil {
			return t.UnixMilli()
		}
	}
	return 0
}

// firstNonZero returns the first of vs that is not 0.
func firstNonZero(vs ...int64) int64 {
	for _, v := range vs {
		if v != 0 {
			return v
		}
	}
	return 0
}

// mapKeys lists a map's keys.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
