package transcript

import "context"

// Summarizer turns a transcript rendered as text into a summary with the
// session's model (the runtime's Summarize).
type Summarizer func(ctx context.Context, sessionKey, text string) (string, error)

// CompactResult says what Compact did.
type CompactResult struct {
	Compacted    bool
	Reason       string // why nothing was compacted
	Kept         int    // messages the model still sees after the summary
	TokensBefore int64  // estimated
	TokensAfter  int64  // estimated
	Summary      string
}

// Compact summarizes key's context up to the last keep messages with
// summarize and records the summary, so later turns see the summary and
// the kept messages only. keep <= 0 keeps a default tail.
func (s *Store) Compact(ctx context.Context, key string, keep int, summarize Summarizer) (CompactResult, error) {
	return CompactResult{}, errTODO
}
