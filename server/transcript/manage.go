package transcript

import (
	"context"
	"strings"

	"github.com/gatewire/gatewire/server/store"
)

// Changes are the fields sessions.patch sets. A nil field is left alone;
// a pointer to "" clears the field.
type Changes struct {
	Label         *string
	Model         *string
	ThinkingLevel *string
}

// ListOptions filter List.
type ListOptions struct {
	AgentID     string // "" = every agent
	Label       string // exact label
	Search      string // case-insensitive substring of key, label or session id
	ActiveSince int64  // epoch ms; 0 = no bound
	Limit       int    // <= 0 = no limit
}

// Archive describes a transcript Reset or Delete set aside.
type Archive struct {
	SessionID string
	Reason    string // "reset" or "deleted"
	At        int64  // epoch ms
}

// Archive reasons.
const (
	ArchivedReset   = "reset"
	ArchivedDeleted = "deleted"
)

// Patch applies c to key's entry (creating the session on first use)
// and returns the entry after it.
func (s *Store) Patch(ctx context.Context, key string, c Changes) (Entry, error) {
	var e Entry
	created := false
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		rec, isNew, err := s.ensure(tx, key)
		if err != nil {
			return err
		}
		created = isNew
		setIf(&rec.Label, c.Label)
		setIf(&rec.Model, c.Model)
		setIf(&rec.ThinkingLevel, c.ThinkingLevel)
		rec.UpdatedAtMs = s.nowMs()
		e = toEntry(rec)
		return tx.PutSession(rec)
	})
	if err != nil {
		return Entry{}, err
	}
	if created {
		s.notify(key, ReasonCreate)
	}
	s.notify(key, ReasonPatch)
	return e, nil
}

// setIf sets *dst to *v when v is not nil.
func setIf(dst, v *string) {
	if v != nil {
		*dst = *v
	}
}

// Reset starts key's session over: a new session id and an empty
// transcript; the label, model and thinking overrides are kept, the run
// state, compaction and totals start over, and the old transcript is
// archived (nil when the session was new). An unknown key is created.
func (s *Store) Reset(ctx context.Context, key string) (Entry, *Archive, error) {
	var e Entry
	var archived *Archive
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		rec, isNew, err := s.ensure(tx, key)
		if err != nil {
			return err
		}
		now := s.nowMs()
		if !isNew {
			archived = &Archive{SessionID: rec.SessionID, Reason: ArchivedReset, At: now}
			if err := tx.ArchiveTranscript(rec.SessionID, ArchivedReset, now); err != nil {
				return err
			}
		}
		rec = &store.Session{Key: rec.Key, AgentID: rec.AgentID, SessionID: newSessionID(), Label: rec.Label,
			Model: rec.Model, ThinkingLevel: rec.ThinkingLevel, CreatedAtMs: now, UpdatedAtMs: now,
			ChatType: rec.ChatType, LastChannel: rec.LastChannel}
		e = toEntry(rec)
		return tx.PutSession(rec)
	})
	if err != nil {
		return Entry{}, nil, err
	}
	s.notify(key, ReasonReset)
	return e, archived, nil
}

// Delete removes key's entry and archives its transcript; deleted is
// false (and archived nil) when there was no entry.
func (s *Store) Delete(ctx context.Context, key string) (deleted bool, archived *Archive, err error) {
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		rec, err := tx.Session(key)
		if err != nil || rec == nil {
			return err
		}
		now := s.nowMs()
		if deleted, err = tx.DeleteSession(key); err != nil {
			return err
		}
		archived = &Archive{SessionID: rec.SessionID, Reason: ArchivedDeleted, At: now}
		return tx.ArchiveTranscript(rec.SessionID, ArchivedDeleted, now)
	})
	if err != nil {
		return false, nil, err
	}
	if deleted {
		s.notify(key, ReasonDelete)
	}
	return deleted, archived, nil
}

// List returns the entries matching o, most recently updated first, and
// how many matched before the limit.
func (s *Store) List(ctx context.Context, o ListOptions) (entries []Entry, total int, err error) {
	var recs []store.Session
	if err := s.db.View(ctx, func(tx *store.Tx) (err error) {
		recs, err = tx.Sessions()
		return err
	}); err != nil {
		return nil, 0, err
	}
	search := strings.ToLower(o.Search)
	for i := range recs {
		e := toEntry(&recs[i])
		if !o.matches(e, search) {
			continue
		}
		total++
		if o.Limit <= 0 || len(entries) < o.Limit {
			entries = append(entries, e)
		}
	}
	return entries, total, nil
}

// matches reports whether e passes the filters; search is o.Search
// lowercased.
func (o ListOptions) matches(e Entry, search string) bool {
	switch {
	case o.AgentID != "" && e.AgentID != o.AgentID,
		o.Label != "" && e.Label != o.Label,
		o.ActiveSince > 0 && e.UpdatedAt < o.ActiveSince:
		return false
	case search == "":
		return true
	}
	for _, field := range []string{e.Key, e.Label, e.SessionID} {
		if strings.Contains(strings.ToLower(field), search) {
			return true
		}
	}
	return false
}
