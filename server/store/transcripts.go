package store

import "fmt"

// Transcript is one transcript: the messages written under one session
// id. Reset and delete archive it (ArchivedReason "reset" or "deleted")
// instead of removing it.
type Transcript struct {
	SessionID      string
	SessionKey     string
	AgentID        string
	CreatedAtMs    int64
	ArchivedReason string
	ArchivedAtMs   int64
	Messages       int // how many messages it holds
}

// TranscriptMessage is one stored message. Pos orders every message of
// a transcript from 1; Seq numbers the visible ones from 1 (0 = hidden).
// Body is the message's JSON; Provider, Model and the usage copy what it
// says, for the usage reports.
type TranscriptMessage struct {
	SessionID string
	Pos       int
	Seq       int
	ID        string
	Role      string
	TS        int64
	Provider  string
	Model     string
	Usage     TokenUsage
	Body      string
}

// Hidden reports whether m is not shown in the display transcript.
func (m *TranscriptMessage) Hidden() bool { return m.Seq == 0 }

const messageColumns = `session_id, pos, seq, message_id, role, ts, provider, model, input_tokens,
	output_tokens, cache_read_tokens, cache_write_tokens, total_tokens, cost_usd, body`

// scanMessage reads one messages row.
func scanMessage(row rowScanner) (*TranscriptMessage, error) {
	var m TranscriptMessage
	err := row.Scan(&m.SessionID, &m.Pos, &m.Seq, &m.ID, &m.Role, &m.TS, &m.Provider, &m.Model, &m.Usage.Input,
		&m.Usage.Output, &m.Usage.CacheRead, &m.Usage.CacheWrite, &m.Usage.Total, &m.Usage.CostUSD, &m.Body)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// AppendMessage adds m at the end of its transcript, setting m.Pos and,
// unless hidden is true, m.Seq (else 0).
func (t *Tx) AppendMessage(m *TranscriptMessage, hidden bool) error {
	var lastPos, lastSeq int
	row := t.tx.QueryRowContext(t.ctx, `SELECT coalesce(max(pos), 0) FROM messages WHERE session_id = ?`, m.SessionID)
	if err := row.Scan(&lastPos); err != nil {
		return fmt.Errorf("store: reading the end of transcript %s: %w", m.SessionID, err)
	}
	row = t.tx.QueryRowContext(t.ctx, `SELECT coalesce(max(seq), 0) FROM messages WHERE session_id = ? AND seq > 0`, m.SessionID)
	if err := row.Scan(&lastSeq); err != nil {
		return fmt.Errorf("store: reading the end of transcript %s: %w", m.SessionID, err)
	}
	m.Pos, m.Seq = lastPos+1, 0
	if !hidden {
		m.Seq = lastSeq + 1
	}
	_, err := t.exec("appending to transcript "+m.SessionID, `INSERT INTO messages (`+messageColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.SessionID, m.Pos, m.Seq, m.ID, m.Role, m.TS, m.Provider, m.Model, m.Usage.Input, m.Usage.Output,
		m.Usage.CacheRead, m.Usage.CacheWrite, m.Usage.Total, m.Usage.CostUSD, m.Body)
	return err
}

// MessagesFrom returns the messages of a transcript from position pos
// on, hidden ones included, in order.
func (t *Tx) MessagesFrom(sessionID string, pos int) ([]TranscriptMessage, error) {
	return queryAll(t, "reading transcript "+sessionID, scanMessage,
		"SELECT "+messageColumns+" FROM messages WHERE session_id = ? AND pos >= ? ORDER BY pos", sessionID, pos)
}

// VisibleTail returns the last limit visible messages of a transcript,
// oldest first; every visible message when limit <= 0.
func (t *Tx) VisibleTail(sessionID string, limit int) ([]TranscriptMessage, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	out, err := queryAll(t, "reading transcript "+sessionID, scanMessage,
		"SELECT "+messageColumns+" FROM messages WHERE session_id = ? AND seq > 0 ORDER BY seq DESC LIMIT ?",
		sessionID, limit)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// Activity returns every message written in [fromMs, toMs] across
// every transcript, archived ones included (only sessionID's when it is
// not ""), oldest first, with its session key, usage, the tool calls it
// makes and whether it reports an error. Bodies are not read out.
func (t *Tx) Activity(fromMs, toMs int64, sessionID string) ([]ActivityRow, error) {
	return queryAll(t, "reading usage", scanActivityRow, `SELECT t.session_key, m.session_id, m.role, m.ts,
		m.provider, m.model, m.input_tokens, m.output_tokens, m.cache_read_tokens, m.cache_write_tokens,
		m.total_tokens, m.cost_usd,
		CASE WHEN m.role = 'assistant' THEN (SELECT count(*) FROM json_each(m.body, '$.content') c
			WHERE json_extract(c.value, '$.type') = 'toolCall') ELSE 0 END,
		coalesce(json_extract(m.body, '$.isError') = 1, 0) OR coalesce(json_extract(m.body, '$.stopReason') = 'error', 0)
		FROM messages m JOIN transcripts t ON t.session_id = m.session_id
		WHERE m.ts >= ? AND m.ts <= ? AND (? = '' OR m.session_id = ?)
		ORDER BY m.ts, m.session_id, m.pos`, fromMs, toMs, sessionID, sessionID)
}

// ActivityRow is one message as the usage reports see it.
type ActivityRow struct {
	SessionKey, SessionID string
	Role                  string
	TS                    int64
	Provider, Model       string
	Usage                 TokenUsage
	ToolCalls             int
	IsError               bool
}

// scanActivityRow reads one Activity row.
func scanActivityRow(row rowScanner) (*ActivityRow, error) {
	var u ActivityRow
	var isErr int
	err := row.Scan(&u.SessionKey, &u.SessionID, &u.Role, &u.TS, &u.Provider, &u.Model, &u.Usage.Input,
		&u.Usage.Output, &u.Usage.CacheRead, &u.Usage.CacheWrite, &u.Usage.Total, &u.Usage.CostUSD, &u.ToolCalls, &isErr)
	if err != nil {
		return nil, err
	}
	u.IsError = isErr != 0
	return &u, nil
}

// ArchiveTranscript marks a transcript archived for reason at atMs.
func (t *Tx) ArchiveTranscript(sessionID, reason string, atMs int64) error {
	_, err := t.exec("archiving transcript "+sessionID,
		"UPDATE transcripts SET archived_reason = ?, archived_at_ms = ? WHERE session_id = ?", reason, atMs, sessionID)
	return err
}

// TranscriptByID returns the transcript with sessionID, or nil.
func (t *Tx) TranscriptByID(sessionID string) (*Transcript, error) {
	return queryOne(t, "reading transcript "+sessionID, scanTranscript, `SELECT session_id, session_key, agent_id,
		created_at_ms, archived_reason, archived_at_ms,
		(SELECT count(*) FROM messages m WHERE m.session_id = t.session_id)
		FROM transcripts t WHERE session_id = ?`, sessionID)
}

// scanTranscript reads one transcripts row with its message count.
func scanTranscript(row rowScanner) (*Transcript, error) {
	var tr Transcript
	err := row.Scan(&tr.SessionID, &tr.SessionKey, &tr.AgentID, &tr.CreatedAtMs, &tr.ArchivedReason,
		&tr.ArchivedAtMs, &tr.Messages)
	if err != nil {
		return nil, err
	}
	return &tr, nil
}

// FirstVisible returns the first visible message of a transcript with
// role, or nil.
func (t *Tx) FirstVisible(sessionID, role string) (*TranscriptMessage, error) {
	return queryOne(t, "reading transcript "+sessionID, scanMessage,
		"SELECT "+messageColumns+" FROM messages WHERE session_id = ? AND seq > 0 AND role = ? ORDER BY seq LIMIT 1",
		sessionID, role)
}

// PutMessage writes m at its Pos and Seq as given (an import keeps a
// transcript's own order and ids).
func (t *Tx) PutMessage(m *TranscriptMessage) error {
	_, err := t.exec("importing into transcript "+m.SessionID, `INSERT INTO messages (`+messageColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.SessionID, m.Pos, m.Seq, m.ID, m.Role, m.TS, m.Provider, m.Model, m.Usage.Input, m.Usage.Output,
		m.Usage.CacheRead, m.Usage.CacheWrite, m.Usage.Total, m.Usage.CostUSD, m.Body)
	return err
}
