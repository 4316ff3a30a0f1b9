package sessions

import (
	"context"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// defaultListLimit is sessions.list's page size without a limit (v3's).
const defaultListLimit = 100

// derivedTitleMax is the longest derived title, in characters (v3's).
const derivedTitleMax = 60

// SessionsList answers sessions.list: the sessions matching the filters,
// most recently updated first, with the defaults new sessions get.
// spawnedBy matches nothing (gatewire spawns no sub-agent sessions);
// includeGlobal and includeUnknown change nothing (it has no global or
// unknown sessions).
func (s *Service) SessionsList(ctx context.Context, _ *rpc.Call, p *protocol.SessionsListParams) (*protocol.SessionsListResult, error) {
	limit := defaultListLimit
	if p.Limit != nil {
		limit = int(*p.Limit)
	}
	o := transcript.ListOptions{AgentID: deref(p.AgentID), Label: strings.TrimSpace(deref(p.Label)),
		Search: strings.TrimSpace(deref(p.Search)), Limit: limit}
	if p.ActiveMinutes != nil {
		o.ActiveSince = s.nowMs() - *p.ActiveMinutes*60_000
	}
	var entries []transcript.Entry
	total := 0
	if p.SpawnedBy == nil {
		var err error
		if entries, total, err = s.d.Transcripts.List(ctx, o); err != nil {
			return nil, storeFailed(ctx, err)
		}
	}
	rows := make([]protocol.SessionRow, 0, len(entries))
	for _, e := range entries {
		r := s.row(e)
		if err := s.addPreviews(ctx, &r, e, p); err != nil {
			return nil, storeFailed(ctx, err)
		}
		rows = append(rows, r)
	}
	return &protocol.SessionsListResult{Ts: s.nowMs(), Path: s.d.StorePath, Count: int64(len(rows)),
		TotalCount: int64(total), LimitApplied: int64(limit), HasMore: total > len(rows),
		Defaults: s.defaults(), Sessions: rows}, nil
}

// addPreviews sets the derived title and last message preview when asked.
func (s *Service) addPreviews(ctx context.Context, r *protocol.SessionRow, e transcript.Entry, p *protocol.SessionsListParams) error {
	titles, last := deref(p.IncludeDerivedTitles), deref(p.IncludeLastMessage)
	if !titles && !last {
		return nil
	}
	first, lastText, err := s.d.Transcripts.Preview(ctx, e.Key)
	if err != nil {
		return err
	}
	if titles {
		r.DerivedTitle = strPtr(derivedTitle(e, first))
	}
	if last && lastText != "" {
		r.LastMessagePreview = &lastText
	}
	return nil
}

// derivedTitle is v3's title for a session: its label, else its first
// user message on one line (cut at a word near 60 characters), else its
// session id's prefix and day.
func derivedTitle(e transcript.Entry, firstUser string) string {
	if e.Label != "" {
		return e.Label
	}
	if t := strings.Join(strings.Fields(stripEnvelope(firstUser)), " "); t != "" {
		return truncateTitle(t, derivedTitleMax)
	}
	prefix := e.SessionID[:min(8, len(e.SessionID))]
	if e.UpdatedAt > 0 {
		return prefix + " (" + isoDay(e.UpdatedAt) + ")"
	}
	return prefix
}

// truncateTitle cuts text to max characters, at a space when one is in
// the last 40%, ending in "…".
func truncateTitle(text string, max int) string {
	r := []rune(text)
	if len(r) <= max {
		return text
	}
	cut := string(r[:max-1])
	if i := strings.LastIndex(cut, " "); i > 0 && len([]rune(cut[:i])) > max*6/10 {
		return cut[:i] + "…"
	}
	return cut + "…"
}

// defaults are the model and thinking defaults of the default agent.
func (s *Service) defaults() protocol.SessionsListDefaults {
	d := protocol.SessionsListDefaults{ThinkingLevels: raw(thinkingLevelObjects()),
		ThinkingOptions: raw(thinkingLevels), ThinkingDefault: raw(defaultThinking)}
	if s.d.Models == nil {
		return d
	}
	agent := transcript.DefaultAgentID
	if s.d.DefaultAgentID != nil {
		agent = s.d.DefaultAgentID()
	}
	if m, ok := s.d.Models.Default(agent); ok {
		d.ThinkingDefault = raw(thinkingDefault(m, true))
		d.ModelProvider, d.Model = &m.Provider, &m.ID
		if m.ContextWindow > 0 {
			d.ContextTokens = &m.ContextWindow
		}
	}
	return d
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
