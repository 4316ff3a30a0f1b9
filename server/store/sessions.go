package store

// Session is one agent session: its key, the transcript it writes to now
// (SessionID) and what the gateway keeps about it.
type Session struct {
	Key                 string
	AgentID             string
	SessionID           string
	Label               string
	Model               string
	ThinkingLevel       string
	CreatedAtMs         int64
	UpdatedAtMs         int64
	LastInteractionAtMs int64
	ChatType            string
	LastChannel         string
	AbortedLastRun      bool
	CompactionCount     int
	Summary             string
	// ContextFromPos is the position of the first message the model sees
	// after the latest compaction (0 = from the start).
	ContextFromPos int
	Totals         TokenUsage
	RunStatus      string
	RunStartedAtMs int64
	RunEndedAtMs   int64
}

// TokenUsage is a token count and its cost in US dollars.
type TokenUsage struct {
	Input, Output, CacheRead, CacheWrite, Total int64
	CostUSD                                     float64
}

const sessionColumns = `session_key, agent_id, session_id, label, model, thinking_level, created_at_ms,
	updated_at_ms, last_interaction_at_ms, chat_type, last_channel, aborted_last_run, compaction_count, summary,
	context_from_pos, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, total_tokens, cost_usd,
	run_status, run_started_at_ms, run_ended_at_ms`

// scanSession reads one sessions row.
func scanSession(row rowScanner) (*Session, error) {
	var s Session
	var aborted int
	err := row.Scan(&s.Key, &s.AgentID, &s.SessionID, &s.Label, &s.Model, &s.ThinkingLevel, &s.CreatedAtMs,
		&s.UpdatedAtMs, &s.LastInteractionAtMs, &s.ChatType, &s.LastChannel, &aborted, &s.CompactionCount,
		&s.Summary, &s.ContextFromPos, &s.Totals.Input, &s.Totals.Output, &s.Totals.CacheRead,
		&s.Totals.CacheWrite, &s.Totals.Total, &s.Totals.CostUSD, &s.RunStatus, &s.RunStartedAtMs, &s.RunEndedAtMs)
	if err != nil {
		return nil, err
	}
	s.AbortedLastRun = aborted != 0
	return &s, nil
}

// Session returns the session with key, or nil when there is none.
func (t *Tx) Session(key string) (*Session, error) {
	return queryOne(t, "reading session "+key, scanSession,
		"SELECT "+sessionColumns+" FROM sessions WHERE session_key = ?", key)
}

// Sessions returns every session, most recently updated first.
func (t *Tx) Sessions() ([]Session, error) {
	return queryAll(t, "listing sessions", scanSession,
		"SELECT "+sessionColumns+" FROM sessions ORDER BY updated_at_ms DESC, session_key")
}

// PutSession inserts or replaces a session. A session id it has not seen
// gets a transcript record.
func (t *Tx) PutSession(s *Session) error {
	_, err := t.exec("writing session "+s.Key, `INSERT INTO sessions (`+sessionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (session_key) DO UPDATE SET agent_id = excluded.agent_id, session_id = excluded.session_id,
			label = excluded.label, model = excluded.model, thinking_level = excluded.thinking_level,
			created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms,
			last_interaction_at_ms = excluded.last_interaction_at_ms, chat_type = excluded.chat_type,
			last_channel = excluded.last_channel, aborted_last_run = excluded.aborted_last_run,
			compaction_count = excluded.compaction_count, summary = excluded.summary,
			context_from_pos = excluded.context_from_pos, input_tokens = excluded.input_tokens,
			output_tokens = excluded.output_tokens, cache_read_tokens = excluded.cache_read_tokens,
			cache_write_tokens = excluded.cache_write_tokens, total_tokens = excluded.total_tokens,
			cost_usd = excluded.cost_usd, run_status = excluded.run_status,
			run_started_at_ms = excluded.run_started_at_ms, run_ended_at_ms = excluded.run_ended_at_ms`,
		s.Key, s.AgentID, s.SessionID, s.Label, s.Model, s.ThinkingLevel, s.CreatedAtMs, s.UpdatedAtMs,
		s.LastInteractionAtMs, s.ChatType, s.LastChannel, boolInt(s.AbortedLastRun), s.CompactionCount, s.Summary,
		s.ContextFromPos, s.Totals.Input, s.Totals.Output, s.Totals.CacheRead, s.Totals.CacheWrite, s.Totals.Total,
		s.Totals.CostUSD, s.RunStatus, s.RunStartedAtMs, s.RunEndedAtMs)
	if err != nil {
		return err
	}
	_, err = t.exec("recording transcript "+s.SessionID, `INSERT INTO transcripts
		(session_id, session_key, agent_id, created_at_ms) VALUES (?, ?, ?, ?)
		ON CONFLICT (session_id) DO NOTHING`, s.SessionID, s.Key, s.AgentID, s.UpdatedAtMs)
	return err
}

// DeleteSession removes the session with key (its transcripts stay); it
// reports whether there was one.
func (t *Tx) DeleteSession(key string) (bool, error) {
	res, err := t.exec("removing session "+key, "DELETE FROM sessions WHERE session_key = ?", key)
	if err != nil {
		return false, err
	}
	return affected(res), nil
}
