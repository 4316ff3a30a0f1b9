package transcript

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gatewire/gatewire/server/store"
)

// ErrBadKey is returned for a session key that is not agent:<agentId>:<rest>.
var ErrBadKey = errors.New("transcript: session key must look like agent:<agentId>:<name>")

// ErrNotFound is returned when a session that must exist does not.
var ErrNotFound = errors.New("transcript: no such session")

// Reasons passed to OnChange listeners (sessions.changed's reason).
const (
	ReasonCreate  = "create"
	ReasonMessage = "message"
	ReasonRun     = "run"
	ReasonPatch   = "patch"
	ReasonReset   = "reset"
	ReasonDelete  = "delete"
	ReasonCompact = "compact"
)

// Store keeps sessions and transcripts in the gateway's state database.
// It is safe for concurrent use.
type Store struct {
	db  *store.Store
	now func() time.Time

	mu        sync.RWMutex
	listeners []func(Change)
}

// New returns a Store over db; now is the clock (time.Now when nil).
func New(db *store.Store, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Change is one change to a session, as OnChanges listeners get it.
type Change struct {
	Key    string
	Reason string // one of the Reason constants
	// MessageID and MessageSeq name the last message appended
	// (ReasonMessage; MessageSeq 0 when it is hidden).
	MessageID  string
	MessageSeq int
	// Run is the run recorded (ReasonRun).
	Run RunInfo
}

// OnChange registers fn to be called after every change to a session
// (the sessions.changed feed), outside any transaction, with the
// session key and one of the Reason constants. fn must not block.
func (s *Store) OnChange(fn func(key, reason string)) {
	s.OnChanges(func(c Change) { fn(c.Key, c.Reason) })
}

// OnChanges is OnChange with the change's details.
func (s *Store) OnChanges(fn func(Change)) {
	s.mu.Lock()
	s.listeners = append(s.listeners, fn)
	s.mu.Unlock()
}

// notify calls the change listeners with a change without details.
func (s *Store) notify(key, reason string) { s.notifyChange(Change{Key: key, Reason: reason}) }

// notifyChange calls the change listeners.
func (s *Store) notifyChange(c Change) {
	s.mu.RLock()
	ls := s.listeners
	s.mu.RUnlock()
	for _, fn := range ls {
		fn(c)
	}
}

// nowMs is the clock in epoch milliseconds.
func (s *Store) nowMs() int64 { return s.now().UnixMilli() }

// Ensure returns key's entry, creating it (a new session id, the agent
// named by the key) on first use.
func (s *Store) Ensure(ctx context.Context, key string) (Entry, error) {
	var e Entry
	created := false
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		rec, isNew, err := s.ensure(tx, key)
		if err != nil {
			return err
		}
		e, created = toEntry(rec), isNew
		return nil
	})
	if err != nil {
		return Entry{}, err
	}
	if created {
		s.notify(key, ReasonCreate)
	}
	return e, nil
}

// ensure reads key's session inside tx, writing a new one when missing.
func (s *Store) ensure(tx *store.Tx, key string) (rec *store.Session, created bool, err error) {
	agentID, _, ok := ParseKey(key)
	if !ok {
		return nil, false, ErrBadKey
	}
	if rec, err = tx.Session(key); err != nil || rec != nil {
		return rec, false, err
	}
	now := s.nowMs()
	rec = &store.Session{Key: key, AgentID: agentID, SessionID: newSessionID(), CreatedAtMs: now,
		UpdatedAtMs: now, ChatType: "direct"}
	return rec, true, tx.PutSession(rec)
}

// Get returns key's entry; ok is false when there is none.
func (s *Store) Get(ctx context.Context, key string) (Entry, bool, error) {
	var rec *store.Session
	err := s.db.View(ctx, func(tx *store.Tx) (err error) {
		rec, err = tx.Session(key)
		return err
	})
	if err != nil || rec == nil {
		return Entry{}, false, err
	}
	return toEntry(rec), true, nil
}

// Append adds msgs to key's current transcript (creating the session on
// first use) and returns their ids. When it returns nil the messages are
// on disk. It also moves the entry's updatedAt and lastInteractionAt.
func (s *Store) Append(ctx context.Context, key string, msgs ...Message) ([]string, error) {
	items := make([]Stored, len(msgs))
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = newMessageID()
		items[i] = Stored{ID: ids[i], Message: m}
	}
	if _, err := s.appendStored(ctx, key, items); err != nil {
		return nil, err
	}
	return ids, nil
}

// Inject appends one message under a UUID id (chat.inject's messageId)
// and returns the id and the message's visible seq.
func (s *Store) Inject(ctx context.Context, key string, m Message) (id string, seq int, err error) {
	id = newSessionID()
	rows, err := s.appendStored(ctx, key, []Stored{{ID: id, Message: m}})
	if err != nil {
		return "", 0, err
	}
	return id, rows[0].Seq, nil
}

// appendStored appends items (messages with their ids) in one
// transaction and returns the rows written.
func (s *Store) appendStored(ctx context.Context, key string, items []Stored) ([]store.TranscriptMessage, error) {
	rows := make([]store.TranscriptMessage, 0, len(items))
	for _, it := range items {
		row, err := encodeMessage(it.Message, it.ID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	created := false
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		rec, isNew, err := s.ensure(tx, key)
		if err != nil {
			return err
		}
		created = isNew
		for i := range rows {
			rows[i].SessionID = rec.SessionID
			if err := tx.AppendMessage(&rows[i], items[i].Hidden); err != nil {
				return err
			}
		}
		now := s.nowMs()
		rec.UpdatedAtMs, rec.LastInteractionAtMs = now, now
		return tx.PutSession(rec)
	})
	if err != nil {
		return nil, err
	}
	if created {
		s.notify(key, ReasonCreate)
	}
	if n := len(rows); n > 0 {
		s.notifyChange(Change{Key: key, Reason: ReasonMessage, MessageID: rows[n-1].ID, MessageSeq: rows[n-1].Seq})
	}
	return rows, nil
}

// Context returns what the model sees of key's session: the latest
// compaction summary ("" when none) and every message after it, hidden
// ones included, oldest first. An unknown session has neither.
func (s *Store) Context(ctx context.Context, key string) (summary string, msgs []Message, err error) {
	var rows []store.TranscriptMessage
	err = s.db.View(ctx, func(tx *store.Tx) error {
		rec, err := tx.Session(key)
		if err != nil || rec == nil {
			return err
		}
		summary = rec.Summary
		rows, err = tx.MessagesFrom(rec.SessionID, rec.ContextFromPos)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	msgs = make([]Message, 0, len(rows))
	for i := range rows {
		m, err := decodeMessage(&rows[i])
		if err != nil {
			return "", nil, err
		}
		msgs = append(msgs, m.Message)
	}
	return summary, msgs, nil
}

// History returns the last limit visible messages of key's current
// transcript, oldest first (all of them when limit <= 0). An unknown
// session has none.
func (s *Store) History(ctx context.Context, key string, limit int) ([]Stored, error) {
	rows, err := s.visibleTail(ctx, key, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Stored, 0, len(rows))
	for i := range rows {
		m, err := decodeMessage(&rows[i])
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// RecordRun records key's latest run (status and times; call it with
// RunRunning when a run starts and again when it ends) and adds usage
// (may be nil) to the session's totals. A run that ended with RunTimeout
// (aborted) marks abortedLastRun; any other status clears it.
func (s *Store) RecordRun(ctx context.Context, key string, run RunInfo, usage *Usage) error {
	created := false
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		rec, isNew, err := s.ensure(tx, key)
		if err != nil {
			return err
		}
		created = isNew
		rec.RunStatus, rec.RunStartedAtMs, rec.RunEndedAtMs = run.Status, run.StartedAt, run.EndedAt
		if run.Status != RunRunning {
			rec.AbortedLastRun = run.Status == RunTimeout
		}
		if usage != nil {
			addTotals(&rec.Totals, *usage)
		}
		rec.UpdatedAtMs = s.nowMs()
		return tx.PutSession(rec)
	})
	if err != nil {
		return err
	}
	if created {
		s.notify(key, ReasonCreate)
	}
	s.notifyChange(Change{Key: key, Reason: ReasonRun, Run: run})
	return nil
}

// Raw is a stored message as its JSON body, for readers that pass it on
// mostly as it is (chat.history): no decoding on the way out.
type Raw struct {
	ID   string
	Seq  int
	Role string
	Body []byte
}

// visibleTail reads the last limit visible message rows of key's current
// transcript (none for an unknown session).
func (s *Store) visibleTail(ctx context.Context, key string, limit int) ([]store.TranscriptMessage, error) {
	var rows []store.TranscriptMessage
	err := s.db.View(ctx, func(tx *store.Tx) error {
		rec, err := tx.Session(key)
		if err != nil || rec == nil {
			return err
		}
		rows, err = tx.VisibleTail(rec.SessionID, limit)
		return err
	})
	return rows, err
}

// HistoryRaw is History without decoding the messages.
func (s *Store) HistoryRaw(ctx context.Context, key string, limit int) ([]Raw, error) {
	rows, err := s.visibleTail(ctx, key, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Raw, len(rows))
	for i, r := range rows {
		out[i] = Raw{ID: r.ID, Seq: r.Seq, Role: r.Role, Body: []byte(r.Body)}
	}
	return out, nil
}
