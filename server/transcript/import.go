package transcript

import (
	"context"
	"errors"

	"github.com/gatewire/gatewire/server/store"
)

// ErrExists is returned by Import for a session key or session id the
// store already has.
var ErrExists = errors.New("transcript: the session is already in the store")

// Imported is a session brought from elsewhere (an OpenClaw state
// directory): its entry, its messages in order with their own ids, and
// the id of the first message the model still sees after the latest
// compaction ("" = from the start).
type Imported struct {
	Entry         Entry
	Messages      []Stored
	ContextFromID string
}

// Import writes a whole session in one transaction: its entry and its
// transcript under the entry's session id, visible messages numbered
// from 1 in order. It fails with ErrExists when the key or the session
// id is already in the store, so importing twice changes nothing.
func (s *Store) Import(ctx context.Context, in Imported) error {
	e := in.Entry
	if _, _, ok := ParseKey(e.Key); !ok {
		return ErrBadKey
	}
	rows, contextFrom, err := importRows(in)
	if err != nil {
		return err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		if rec, err := tx.Session(e.Key); err != nil || rec != nil {
			return errors.Join(err, existsIf(rec != nil))
		}
		if tr, err := tx.TranscriptByID(e.SessionID); err != nil || tr != nil {
			return errors.Join(err, existsIf(tr != nil))
		}
		rec := fromEntry(e)
		rec.ContextFromPos = contextFrom
		if err := tx.PutSession(rec); err != nil {
			return err
		}
		for i := range rows {
			rows[i].SessionID = e.SessionID
			if err := tx.PutMessage(&rows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.notify(e.Key, ReasonCreate)
	return nil
}

// existsIf is ErrExists when b, else nil.
func existsIf(b bool) error {
	if b {
		return ErrExists
	}
	return nil
}

// importRows encodes an import's messages with their positions and
// visible seqs, and finds the position the model's context starts at.
func importRows(in Imported) ([]store.TranscriptMessage, int, error) {
	rows := make([]store.TranscriptMessage, len(in.Messages))
	seq, contextFrom := 0, 0
	for i, m := range in.Messages {
		row, err := encodeMessage(m.Message, m.ID)
		if err != nil {
			return nil, 0, err
		}
		row.Pos = i + 1
		if !m.Hidden {
			seq++
			row.Seq = seq
		}
		if in.ContextFromID != "" && m.ID == in.ContextFromID && contextFrom == 0 {
			contextFrom = row.Pos
		}
		rows[i] = row
	}
	if in.ContextFromID != "" && contextFrom == 0 && in.Entry.Summary != "" {
		contextFrom = len(rows) + 1 // the kept message is gone: the summary alone
	}
	return rows, contextFrom, nil
}

// fromEntry converts an entry to its stored form.
func fromEntry(e Entry) *store.Session {
	return &store.Session{Key: e.Key, AgentID: e.AgentID, SessionID: e.SessionID, Label: e.Label, Model: e.Model,
		ThinkingLevel: e.ThinkingLevel, CreatedAtMs: e.CreatedAt, UpdatedAtMs: e.UpdatedAt,
		LastInteractionAtMs: e.LastInteractionAt, ChatType: e.ChatType, LastChannel: e.LastChannel,
		AbortedLastRun: e.AbortedLastRun, CompactionCount: e.CompactionCount, Summary: e.Summary,
		Totals: store.TokenUsage{Input: e.Totals.Input, Output: e.Totals.Output, CacheRead: e.Totals.CacheRead,
			CacheWrite: e.Totals.CacheWrite, Total: e.Totals.TotalTokens, CostUSD: e.Totals.Cost},
		RunStatus: e.LastRun.Status, RunStartedAtMs: e.LastRun.StartedAt, RunEndedAtMs: e.LastRun.EndedAt}
}
