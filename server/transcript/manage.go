package transcript

import "context"

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

// Patch applies c to key's entry (creating the session on first use)
// and returns the entry after it.
func (s *Store) Patch(ctx context.Context, key string, c Changes) (Entry, error) {
	return Entry{}, errTODO
}

// Reset starts key's session over: a new session id and an empty
// transcript; the label, model and thinking overrides are kept, the old
// transcript is archived. An unknown key is created.
func (s *Store) Reset(ctx context.Context, key, reason string) (Entry, *Archive, error) {
	return Entry{}, nil, errTODO
}

// Delete removes key's entry and archives its transcript; deleted is
// false when there was no entry.
func (s *Store) Delete(ctx context.Context, key string) (deleted bool, archived *Archive, err error) {
	return false, nil, errTODO
}

// List returns the entries matching o, most recently updated first, and
// how many matched before the limit.
func (s *Store) List(ctx context.Context, o ListOptions) (entries []Entry, total int, err error) {
	return nil, 0, errTODO
}
