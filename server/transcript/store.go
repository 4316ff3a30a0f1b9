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
	listeners []func(key, reason string)
}

// New returns a Store over db; now is the clock (time.Now when nil).
func New(db *store.Store, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// OnChange registers fn to be called after every change to a session
// (the sessions.changed feed), outside any transaction, with the
// session key and one of the Reason constants.
func (s *Store) OnChange(fn func(key, reason string)) {
	s.mu.Lock()
	s.listeners = append(s.listeners, fn)
	s.mu.Unlock()
}

// notify calls the change listeners.
func (s *Store) notify(key, reason string) {
	s.mu.RLock()
	ls := s.listeners
	s.mu.RUnlock()
	for _, fn := range ls {
		fn(key, reason)
	}
}

// nowMs is the clock in epoch milliseconds.
func (s *Store) nowMs() int64 { return s.now().UnixMilli() }

var errTODO = errors.New("transcript: not implemented yet")

// Ensure returns key's entry, creating it (a new session id, the agent
// named by the key) on first use.
func (s *Store) Ensure(ctx context.Context, key string) (Entry, error) { return Entry{}, errTODO }

// Get returns key's entry; ok is false when there is none.
func (s *Store) Get(ctx context.Context, key string) (Entry, bool, error) {
	return Entry{}, false, errTODO
}

// Append adds msgs to key's current transcript (creating the session on
// first use) and returns their ids. When it returns nil the messages are
// on disk. It also updates the entry's updatedAt and lastInteractionAt.
func (s *Store) Append(ctx context.Context, key string, msgs ...Message) ([]string, error) {
	return nil, errTODO
}

// Context returns what the model sees of key's session: the latest
// compaction summary ("" when none) and every message after it, hidden
// ones included, oldest first. An unknown session has neither.
func (s *Store) Context(ctx context.Context, key string) (summary string, msgs []Message, err error) {
	return "", nil, errTODO
}

// History returns the last limit visible messages of key's current
// transcript, oldest first (all of them when limit <= 0). An unknown
// session has none.
func (s *Store) History(ctx context.Context, key string, limit int) ([]Stored, error) {
	return nil, errTODO
}

// RecordRun records key's latest run (status and times) and adds usage
// (may be nil) to the session's totals. A run that ended with
// RunTimeout marks abortedLastRun.
func (s *Store) RecordRun(ctx context.Context, key string, run RunInfo, usage *Usage) error {
	return errTODO
}
