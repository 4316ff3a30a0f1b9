package transcript

import (
	"context"

	"github.com/gatewire/gatewire/server/store"
)

// previewTail is how many of the last visible messages Preview searches
// for one with text.
const previewTail = 8

// Preview returns the text of key's first user message and of its
// latest user or assistant message with text (sessions.list's derived
// title and last message preview); "" when there is none.
func (s *Store) Preview(ctx context.Context, key string) (firstUser, last string, err error) {
	var first *store.TranscriptMessage
	var tail []store.TranscriptMessage
	err = s.db.View(ctx, func(tx *store.Tx) error {
		rec, err := tx.Session(key)
		if err != nil || rec == nil {
			return err
		}
		if first, err = tx.FirstVisible(rec.SessionID, RoleUser); err != nil {
			return err
		}
		tail, err = tx.VisibleTail(rec.SessionID, previewTail)
		return err
	})
	if err != nil {
		return "", "", err
	}
	if first != nil {
		m, err := decodeMessage(first)
		if err != nil {
			return "", "", err
		}
		firstUser = m.Text()
	}
	for i := len(tail) - 1; i >= 0 && last == ""; i-- {
		if tail[i].Role != RoleUser && tail[i].Role != RoleAssistant {
			continue
		}
		m, err := decodeMessage(&tail[i])
		if err != nil {
			return "", "", err
		}
		last = m.Text()
	}
	return firstUser, last, nil
}
