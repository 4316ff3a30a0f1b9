package sessions

import (
	"encoding/json"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/transcript"
)

// rowModel is the model a session runs on: its override, else its
// agent's default. provider and id are "" when neither is known.
func (s *Service) rowModel(e transcript.Entry) (m Model, ok bool) {
	if e.Model != "" {
		provider, id, _ := strings.Cut(e.Model, "/")
		if s.d.Models != nil {
			if found, ok := s.d.Models.Lookup(provider, id); ok {
				return found, true
			}
		}
		return Model{Provider: provider, ID: id}, true
	}
	if s.d.Models == nil {
		return Model{}, false
	}
	return s.d.Models.Default(e.AgentID)
}

// row is e as a sessions.list row, v3's fields where gatewire has them.
func (s *Service) row(e transcript.Entry) protocol.SessionRow {
	kind := cmpOr(e.ChatType, "direct")
	r := protocol.SessionRow{Key: e.Key, Kind: kind, UpdatedAt: &e.UpdatedAt, SessionID: &e.SessionID,
		ChatType: strPtr(kind), Label: nonEmpty(e.Label), DisplayName: nonEmpty(e.Label),
		ThinkingLevel: nonEmpty(e.ThinkingLevel), LastChannel: nonEmpty(e.LastChannel)}
	active := s.active(e.Key)
	r.HasActiveRun = &active
	if e.Totals.TotalTokens > 0 || e.Totals.Input > 0 || e.Totals.Output > 0 {
		r.InputTokens, r.OutputTokens = &e.Totals.Input, &e.Totals.Output
		r.TotalTokens = &e.Totals.TotalTokens
		cost := e.Totals.Cost
		r.EstimatedCostUsd = &cost
	}
	if status := runStatus(e, active); status != "" {
		r.Status = &status
	}
	if e.LastRun.StartedAt > 0 {
		r.StartedAt = &e.LastRun.StartedAt
	}
	if e.LastRun.EndedAt > 0 {
		r.EndedAt = &e.LastRun.EndedAt
	}
	m, known := s.rowModel(e)
	if known {
		r.ModelProvider, r.Model = nonEmpty(m.Provider), nonEmpty(m.ID)
		if m.ContextWindow > 0 {
			r.ContextTokens = &m.ContextWindow
		}
	}
	r.Extra = map[string]json.RawMessage{
		"abortedLastRun":  raw(e.AbortedLastRun),
		"thinkingLevels":  raw(thinkingLevelObjects()),
		"thinkingOptions": raw(thinkingLevels),
		"thinkingDefault": raw(thinkingDefault(m, known)),
	}
	if e.CompactionCount > 0 {
		r.Extra["compactionCount"] = raw(e.CompactionCount)
	}
	if e.LastRun.StartedAt > 0 && e.LastRun.EndedAt >= e.LastRun.StartedAt {
		r.Extra["runtimeMs"] = raw(e.LastRun.EndedAt - e.LastRun.StartedAt)
	}
	return r
}

// runStatus is the row's status: running while a run is active, else
// the latest run's ("done", "failed", "timeout" for an aborted run).
func runStatus(e transcript.Entry, active bool) string {
	if active {
		return transcript.RunRunning
	}
	if e.LastRun.Status == transcript.RunRunning {
		// The gateway stopped during the run: it did not finish.
		return transcript.RunTimeout
	}
	return e.LastRun.Status
}

// entryJSON is e as v3's session store entry (sessions.patch and
// sessions.reset results).
func (s *Service) entryJSON(e transcript.Entry) map[string]json.RawMessage {
	out := map[string]json.RawMessage{
		"sessionId":        raw(e.SessionID),
		"updatedAt":        raw(e.UpdatedAt),
		"sessionStartedAt": raw(e.CreatedAt),
		"abortedLastRun":   raw(e.AbortedLastRun),
		"chatType":         raw(cmpOr(e.ChatType, "direct")),
		"compactionCount":  raw(e.CompactionCount),
	}
	put := func(k, v string) {
		if v != "" {
			out[k] = raw(v)
		}
	}
	put("label", e.Label)
	put("thinkingLevel", e.ThinkingLevel)
	put("lastChannel", e.LastChannel)
	put("status", e.LastRun.Status)
	if e.LastInteractionAt > 0 {
		out["lastInteractionAt"] = raw(e.LastInteractionAt)
	}
	if provider, id, ok := strings.Cut(e.Model, "/"); ok {
		out["providerOverride"], out["modelOverride"] = raw(provider), raw(id)
	}
	if e.Totals.TotalTokens > 0 {
		out["inputTokens"], out["outputTokens"] = raw(e.Totals.Input), raw(e.Totals.Output)
		out["totalTokens"], out["estimatedCostUsd"] = raw(e.Totals.TotalTokens), raw(e.Totals.Cost)
	}
	if e.LastRun.StartedAt > 0 {
		out["startedAt"] = raw(e.LastRun.StartedAt)
	}
	if e.LastRun.EndedAt > 0 {
		out["endedAt"] = raw(e.LastRun.EndedAt)
	}
	return out
}

// raw encodes a value that always encodes.
func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v) // strings, numbers, bools and slices of them
	return b
}

// nonEmpty returns &v, or nil for "".
func nonEmpty(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// strPtr returns &v.
func strPtr(v string) *string { return &v }

// cmpOr returns v, or fallback when v is "".
func cmpOr(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}
