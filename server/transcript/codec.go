package transcript

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/server/store"
)

// newSessionID returns a new session id (a random UUID, as v3's).
func newSessionID() string { return uuid.NewString() }

// newMessageID returns a new message id: 8 hex characters, as v3's.
func newMessageID() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// encodeMessage turns m into a row to append under id.
func encodeMessage(m Message, id string) (store.TranscriptMessage, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return store.TranscriptMessage{}, fmt.Errorf("transcript: encoding a %s message: %w", m.Role, err)
	}
	row := store.TranscriptMessage{ID: id, Role: m.Role, TS: m.Timestamp, Provider: m.Provider, Model: m.Model,
		Body: string(body)}
	if u := m.Usage; u != nil {
		row.Usage = store.TokenUsage{Input: u.Input, Output: u.Output, CacheRead: u.CacheRead,
			CacheWrite: u.CacheWrite, Total: u.TotalTokens, CostUSD: u.Cost}
	}
	return row, nil
}

// decodeMessage reads a stored row back.
func decodeMessage(row *store.TranscriptMessage) (Stored, error) {
	var m Message
	if err := json.Unmarshal([]byte(row.Body), &m); err != nil {
		return Stored{}, fmt.Errorf("transcript: message %s of session %s: %w", row.ID, row.SessionID, err)
	}
	m.Hidden = row.Hidden()
	return Stored{ID: row.ID, Seq: row.Seq, Message: m}, nil
}

// toEntry converts a stored session.
func toEntry(r *store.Session) Entry {
	return Entry{Key: r.Key, AgentID: r.AgentID, SessionID: r.SessionID, Label: r.Label, Model: r.Model,
		ThinkingLevel: r.ThinkingLevel, CreatedAt: r.CreatedAtMs, UpdatedAt: r.UpdatedAtMs,
		LastInteractionAt: r.LastInteractionAtMs, ChatType: r.ChatType, LastChannel: r.LastChannel,
		AbortedLastRun: r.AbortedLastRun, CompactionCount: r.CompactionCount, Summary: r.Summary,
		Totals: Usage{Input: r.Totals.Input, Output: r.Totals.Output, CacheRead: r.Totals.CacheRead,
			CacheWrite: r.Totals.CacheWrite, TotalTokens: r.Totals.Total, Cost: r.Totals.CostUSD},
		LastRun: RunInfo{Status: r.RunStatus, StartedAt: r.RunStartedAtMs, EndedAt: r.RunEndedAtMs}}
}

// addTotals adds u to a stored total.
func addTotals(t *store.TokenUsage, u Usage) {
	t.Input += u.Input
	t.Output += u.Output
	t.CacheRead += u.CacheRead
	t.CacheWrite += u.CacheWrite
	t.Total += u.TotalTokens
	t.CostUSD += u.Cost
}
