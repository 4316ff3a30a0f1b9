package sessionsimport

import (
	"context"
	"errors"

	"github.com/gatewire/gatewire/server/transcript"
)

// Outcome is what happened to one session.
type Outcome struct {
	Key      string `json:"key"`
	Status   string `json:"status"` // StatusImported, StatusExists or StatusSkipped
	Messages int    `json:"messages"`
	Detail   string `json:"detail,omitempty"`
}

// Outcome statuses.
const (
	StatusImported = "imported"
	StatusExists   = "exists"
	StatusSkipped  = "skipped"
)

// Import writes each readable session into st; a session already there
// (same key or session id) is left as it is, so importing again is
// harmless. It stops at a store error.
func Import(ctx context.Context, st *transcript.Store, sessions []Session) ([]Outcome, error) {
	out := make([]Outcome, 0, len(sessions))
	for _, s := range sessions {
		o := Outcome{Key: s.Entry.Key, Messages: len(s.Messages)}
		switch err := importOne(ctx, st, s); {
		case s.Problem != "" && err == nil:
			o.Status, o.Detail = StatusSkipped, s.Problem
		case errors.Is(err, transcript.ErrExists):
			o.Status = StatusExists
		case err != nil:
			return out, err
		default:
			o.Status = StatusImported
		}
		out = append(out, o)
	}
	return out, nil
}

// importOne imports s unless it has a problem.
func importOne(ctx context.Context, st *transcript.Store, s Session) error {
	if s.Problem != "" {
		return nil
	}
	return st.Import(ctx, s.Imported)
}
