package sessions

import (
	"cmp"
	"context"
	"encoding/json"
	"iter"
	"maps"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// defaultUsageSessions is how many sessions sessions.usage reports
// without a limit (v3's).
const defaultUsageSessions = 50

// sessionUsage accumulates one transcript's usage.
type sessionUsage struct {
	key, sessionID string
	first, last    int64
	totals         totals
	counts         messageCounts
	byModel        map[[2]string]*modelUsage
	daily          map[string]*dayUsage
	entry          transcript.Entry
	current        bool
}

// messageCounts are v3's message counts.
type messageCounts struct {
	Total       int `json:"total"`
	User        int `json:"user"`
	Assistant   int `json:"assistant"`
	ToolCalls   int `json:"toolCalls"`
	ToolResults int `json:"toolResults"`
	Errors      int `json:"errors"`
}

// add counts one message.
func (c *messageCounts) add(a transcript.Activity) {
	c.Total++
	switch a.Role {
	case transcript.RoleUser:
		c.User++
	case transcript.RoleAssistant:
		c.Assistant++
	case transcript.RoleToolResult:
		c.ToolResults++
	}
	c.ToolCalls += a.ToolCalls
	if a.IsError {
		c.Errors++
	}
}

// merge adds o to c.
func (c *messageCounts) merge(o messageCounts) {
	c.Total += o.Total
	c.User += o.User
	c.Assistant += o.Assistant
	c.ToolCalls += o.ToolCalls
	c.ToolResults += o.ToolResults
	c.Errors += o.Errors
}

// modelUsage is the usage of one provider and model.
type modelUsage struct {
	Provider string                   `json:"provider,omitempty"`
	Model    string                   `json:"model,omitempty"`
	Count    int                      `json:"count"`
	Totals   protocol.CostUsageTotals `json:"totals"`
	t        totals
}

// dayUsage is one day of a session's or of every session's usage.
type dayUsage struct {
	Date      string  `json:"date"`
	Tokens    int64   `json:"tokens"`
	Cost      float64 `json:"cost"`
	Messages  int     `json:"messages"`
	ToolCalls int     `json:"toolCalls"`
	Errors    int     `json:"errors"`
}

// SessionsUsage answers sessions.usage: each session with messages in
// the range (or the one key names), most recently updated first, at
// most limit (default 50), with its totals, message counts, per-model
// and per-day usage, and the aggregates over them. A reset or deleted
// transcript is reported as agent:<agentId>:<sessionId>, as v3 reports
// a transcript no session entry points at.
func (s *Service) SessionsUsage(ctx context.Context, _ *rpc.Call, p *protocol.SessionsUsageParams) (*protocol.SessionsUsageResult, error) {
	mode := ""
	if p.Mode != nil {
		mode = string(*p.Mode)
	}
	r := parseRange(s.d.Now(), deref(p.StartDate), deref(p.EndDate), 0, usageZone(mode, deref(p.UtcOffset)))
	key := ""
	if p.Key != nil {
		k, err := s.canonical(*p.Key)
		if err != nil {
			return nil, invalid("Invalid session reference: %s", *p.Key)
		}
		key = k
	}
	rows, err := s.d.Transcripts.Activity(ctx, r.startMs, r.endMs, key)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	sessions, err := s.collectUsage(ctx, rows, r)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	limit := defaultUsageSessions
	if p.Limit != nil {
		limit = int(*p.Limit)
	}
	sessions = sessions[:min(limit, len(sessions))]
	return s.usageResult(sessions, r), nil
}

// collectUsage groups rows by transcript, newest first.
func (s *Service) collectUsage(ctx context.Context, rows []transcript.Activity, r dateRange) ([]*sessionUsage, error) {
	byID := map[string]*sessionUsage{}
	var order []*sessionUsage
	for _, a := range rows {
		u := byID[a.SessionID]
		if u == nil {
			u = &sessionUsage{key: a.SessionKey, sessionID: a.SessionID, first: a.Timestamp,
				byModel: map[[2]string]*modelUsage{}, daily: map[string]*dayUsage{}}
			byID[a.SessionID] = u
			order = append(order, u)
		}
		s.addActivity(u, a, r)
	}
	for _, u := range order {
		e, ok, err := s.d.Transcripts.Get(ctx, u.key)
		if err != nil {
			return nil, err
		}
		if u.current = ok && e.SessionID == u.sessionID; u.current {
			u.entry = e
		} else if agentID, _, ok := transcript.ParseKey(u.key); ok {
			u.key = transcript.Key(agentID, u.sessionID)
		}
	}
	slices.SortStableFunc(order, func(a, b *sessionUsage) int { return cmp.Compare(b.updatedAt(), a.updatedAt()) })
	return order, nil
}

// updatedAt is when the session was last updated, or its last message.
func (u *sessionUsage) updatedAt() int64 {
	if u.current {
		return u.entry.UpdatedAt
	}
	return u.last
}

// addActivity adds one message to a session's usage.
func (s *Service) addActivity(u *sessionUsage, a transcript.Activity, r dateRange) {
	u.last = a.Timestamp
	u.counts.add(a)
	day := u.daily[r.day(a.Timestamp)]
	if day == nil {
		day = &dayUsage{Date: r.day(a.Timestamp)}
		u.daily[day.Date] = day
	}
	day.Messages++
	day.ToolCalls += a.ToolCalls
	if a.IsError {
		day.Errors++
	}
	if !hasUsage(a.Usage) {
		return
	}
	m, priced := s.price(a)
	var one totals
	one.add(a.Usage, m, priced)
	u.totals.merge(one)
	day.Tokens += a.Usage.TotalTokens
	day.Cost += one.TotalCost
	mk := [2]string{a.Provider, a.Model}
	mu := u.byModel[mk]
	if mu == nil {
		mu = &modelUsage{Provider: a.Provider, Model: a.Model}
		u.byModel[mk] = mu
	}
	mu.Count++
	mu.t.merge(one)
}

// usageResult builds the answer from the sessions reported.
func (s *Service) usageResult(sessions []*sessionUsage, r dateRange) *protocol.SessionsUsageResult {
	res := &protocol.SessionsUsageResult{UpdatedAt: s.nowMs(), StartDate: r.day(r.startMs), EndDate: r.day(r.endMs),
		Sessions: make([]protocol.SessionUsage, 0, len(sessions))}
	var all totals
	var counts messageCounts
	byModel := map[[2]string]*modelUsage{}
	byProvider := map[string]*modelUsage{}
	byAgent := map[string]*totals{}
	daily := map[string]*dayUsage{}
	for _, u := range sessions {
		res.Sessions = append(res.Sessions, s.sessionRow(u))
		all.merge(u.totals)
		counts.merge(u.counts)
		for k, m := range u.byModel {
			mergeModel(byModel, k, m, m.Provider, m.Model)
			mergeModel(byProvider, m.Provider, m, m.Provider, "")
		}
		agentID, _, _ := transcript.ParseKey(u.key)
		if byAgent[agentID] == nil {
			byAgent[agentID] = &totals{}
		}
		byAgent[agentID].merge(u.totals)
		for d, du := range u.daily {
			agg := daily[d]
			if agg == nil {
				agg = &dayUsage{Date: d}
				daily[d] = agg
			}
			agg.Tokens, agg.Cost = agg.Tokens+du.Tokens, agg.Cost+du.Cost
			agg.Messages, agg.ToolCalls, agg.Errors = agg.Messages+du.Messages, agg.ToolCalls+du.ToolCalls, agg.Errors+du.Errors
		}
	}
	res.Totals = all.CostUsageTotals
	agents := make([]map[string]any, 0, len(byAgent))
	for _, id := range slices.Sorted(maps.Keys(byAgent)) {
		agents = append(agents, map[string]any{"agentId": id, "totals": byAgent[id].CostUsageTotals})
	}
	res.Aggregates = map[string]json.RawMessage{
		"messages": raw(counts), "byModel": raw(sortedModels(byModel)), "byProvider": raw(sortedModels(byProvider)),
		"byAgent": raw(agents), "daily": raw(sortedDays(daily)),
		// The store counts tool calls but keeps no tool names; gatewire
		// has no channels, so nothing is by channel.
		"tools":     raw(map[string]any{"totalCalls": counts.ToolCalls, "uniqueTools": 0, "tools": []any{}}),
		"byChannel": raw([]any{}),
	}
	return res
}

// sessionRow is one session's row of sessions.usage.
func (s *Service) sessionRow(u *sessionUsage) protocol.SessionUsage {
	agentID, _, _ := transcript.ParseKey(u.key)
	row := protocol.SessionUsage{Key: u.key, SessionID: &u.sessionID, UpdatedAt: u.updatedAt(), AgentID: nonEmpty(agentID)}
	if u.current {
		row.Label = nonEmpty(u.entry.Label)
		row.ChatType = strPtr(cmpOr(u.entry.ChatType, "direct"))
		if m, ok := s.rowModel(u.entry); ok {
			row.ModelProvider, row.Model = nonEmpty(m.Provider), nonEmpty(m.ID)
		}
	}
	usage := u.totals.CostUsageTotals
	models := map[[2]string]*modelUsage{}
	for k, m := range u.byModel {
		mergeModel(models, k, m, m.Provider, m.Model)
	}
	days := map[string]*dayUsage{}
	for d, du := range u.daily {
		days[d] = du
	}
	usage.Extra = map[string]json.RawMessage{
		"sessionId": raw(u.sessionID), "firstActivity": raw(u.first), "lastActivity": raw(u.last),
		"durationMs": raw(u.last - u.first), "messageCounts": raw(u.counts), "modelUsage": raw(sortedModels(models)),
		"dailyBreakdown": raw(sortedDays(days)),
	}
	row.Usage = protocol.NewNullable(usage)
	return row
}

// mergeModel adds m's usage to the entry of key in into.
func mergeModel[K comparable](into map[K]*modelUsage, key K, m *modelUsage, provider, model string) {
	t := into[key]
	if t == nil {
		t = &modelUsage{Provider: provider, Model: model}
		into[key] = t
	}
	t.Count += m.Count
	t.t.merge(m.t)
}

// sortedModels lists model usage by cost, then tokens, descending.
func sortedModels[K comparable](in map[K]*modelUsage) []*modelUsage {
	out := make([]*modelUsage, 0, len(in))
	for _, m := range in {
		m.Totals = m.t.CostUsageTotals
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *modelUsage) int {
		if c := cmp.Compare(b.Totals.TotalCost, a.Totals.TotalCost); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Totals.TotalTokens, a.Totals.TotalTokens); c != 0 {
			return c
		}
		return cmp.Compare(a.Provider+"/"+a.Model, b.Provider+"/"+b.Model)
	})
	return out
}

// sortedDays lists days in order.
func sortedDays(in map[string]*dayUsage) []*dayUsage {
	out := make([]*dayUsage, 0, len(in))
	for _, d := range slices.Sorted(mapsKeys(in)) {
		out = append(out, in[d])
	}
	return out
}

// mapsKeys is maps.Keys for any value type.
func mapsKeys[V any](m map[string]V) iter.Seq[string] { return maps.Keys(m) }
