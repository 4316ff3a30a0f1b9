package transcript

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatewire/gatewire/server/store"
)

// Summarizer turns a transcript rendered as text into a summary with the
// session's model (the runtime's Summarize).
type Summarizer func(ctx context.Context, sessionKey, text string) (string, error)

// ErrNoSummarizer is returned by Compact without a summarizer.
var ErrNoSummarizer = errors.New("compaction needs a configured model (models.providers and agents.defaults.model.primary)")

// ErrChanged is returned by Compact when the session was reset or
// deleted while the summary was being written.
var ErrChanged = errors.New("transcript: the session was reset or deleted during compaction")

// NothingToCompact is CompactResult.Reason when the context holds no
// user or assistant message before the kept tail (v3's text).
const NothingToCompact = "no real conversation messages"

// CompactResult says what Compact did.
type CompactResult struct {
	Compacted    bool
	Reason       string // why nothing was compacted
	Kept         int    // messages the model still sees after the summary
	TokensBefore int64  // estimated (4 characters a token)
	TokensAfter  int64  // estimated
	Summary      string
}

// Compact summarizes key's context, except its last keep messages, with
// summarize and records the summary: later turns see the summary and the
// kept messages only, while History still shows every message (the full
// transcript stays, as in v3). keep <= 0 is a hard checkpoint: the model
// continues from the summary alone. A cut that would separate a tool
// result from the assistant message that called it moves earlier.
func (s *Store) Compact(ctx context.Context, key string, keep int, summarize Summarizer) (CompactResult, error) {
	if summarize == nil {
		return CompactResult{}, ErrNoSummarizer
	}
	var rec *store.Session
	var rows []store.TranscriptMessage
	err := s.db.View(ctx, func(tx *store.Tx) (err error) {
		if rec, err = tx.Session(key); err != nil || rec == nil {
			return err
		}
		rows, err = tx.MessagesFrom(rec.SessionID, rec.ContextFromPos)
		return err
	})
	if err != nil {
		return CompactResult{}, err
	}
	if rec == nil {
		return CompactResult{Reason: NothingToCompact}, nil
	}
	msgs, err := decodeRows(rows)
	if err != nil {
		return CompactResult{}, err
	}
	cut := cutPoint(msgs, keep)
	if !hasConversation(msgs[:cut]) {
		return CompactResult{Reason: NothingToCompact}, nil
	}
	before := estimateTokens(rec.Summary) + estimateMessages(msgs)
	summary, err := summarize(ctx, key, renderForSummary(rec.Summary, msgs[:cut]))
	if err != nil {
		return CompactResult{}, err
	}
	summary = strings.TrimSpace(summary)
	if summary == "" {
		return CompactResult{}, errors.New("compaction failed: the model returned an empty summary")
	}
	from := len(rows) + 1 // past the end when nothing is kept
	if cut < len(rows) {
		from = rows[cut].Pos
	} else if len(rows) > 0 {
		from = rows[len(rows)-1].Pos + 1
	}
	if err := s.recordCompaction(ctx, key, rec.SessionID, summary, from); err != nil {
		return CompactResult{}, err
	}
	s.notify(key, ReasonCompact)
	return CompactResult{Compacted: true, Kept: len(msgs) - cut, Summary: summary, TokensBefore: before,
		TokensAfter: estimateTokens(summary) + estimateMessages(msgs[cut:])}, nil
}

// recordCompaction writes the summary and the first kept position,
// unless the session moved to another transcript meanwhile.
func (s *Store) recordCompaction(ctx context.Context, key, sessionID, summary string, from int) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		rec, err := tx.Session(key)
		if err != nil {
			return err
		}
		if rec == nil || rec.SessionID != sessionID {
			return ErrChanged
		}
		rec.Summary, rec.ContextFromPos = summary, from
		rec.CompactionCount++
		rec.UpdatedAtMs = s.nowMs()
		return tx.PutSession(rec)
	})
}

// decodeRows decodes stored rows to messages.
func decodeRows(rows []store.TranscriptMessage) ([]Message, error) {
	out := make([]Message, len(rows))
	for i := range rows {
		m, err := decodeMessage(&rows[i])
		if err != nil {
			return nil, err
		}
		out[i] = m.Message
	}
	return out, nil
}

// cutPoint is the index of the first message kept: len(msgs)-keep,
// moved earlier while it would start the kept tail with a tool result.
func cutPoint(msgs []Message, keep int) int {
	cut := max(len(msgs)-max(keep, 0), 0)
	for cut > 0 && cut < len(msgs) && msgs[cut].Role == RoleToolResult {
		cut--
	}
	return cut
}

// hasConversation reports whether msgs hold a user or assistant message.
func hasConversation(msgs []Message) bool {
	for _, m := range msgs {
		if m.Role == RoleUser || m.Role == RoleAssistant {
			return true
		}
	}
	return false
}

// renderForSummary renders the earlier summary and msgs as the text the
// summarizer reads.
func renderForSummary(earlier string, msgs []Message) string {
	var b strings.Builder
	if earlier != "" {
		fmt.Fprintf(&b, "Summary of the conversation before this point:\n%s\n\n", earlier)
	}
	for _, m := range msgs {
		switch m.Role {
		case RoleUser:
			fmt.Fprintf(&b, "User: %s\n", m.Text())
		case RoleAssistant:
			fmt.Fprintf(&b, "Assistant: %s\n", m.Text())
			for _, p := range m.Content {
				if p.Type == PartToolCall {
					fmt.Fprintf(&b, "Assistant called tool %s with %s\n", p.Name, p.Arguments)
				}
			}
		case RoleToolResult:
			fmt.Fprintf(&b, "Tool %s returned: %s\n", m.ToolName, m.Text())
		}
	}
	return b.String()
}

// estimateTokens estimates the tokens of text: 4 characters a token.
func estimateTokens(text string) int64 { return int64(len(text)+3) / 4 }

// estimateMessages estimates the tokens of msgs' text and tool calls.
func estimateMessages(msgs []Message) int64 {
	var n int64
	for _, m := range msgs {
		for _, p := range m.Content {
			n += estimateTokens(p.Text) + estimateTokens(string(p.Arguments))
		}
	}
	return n
}
