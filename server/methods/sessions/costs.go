package sessions

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/transcript"
)

// totals accumulates CostUsageTotals.
type totals struct{ protocol.CostUsageTotals }

// add adds one message's usage, priced with the model's configured
// cost when the provider reported none.
func (t *totals) add(u transcript.Usage, m Model, priced bool) {
	t.Input += u.Input
	t.Output += u.Output
	t.CacheRead += u.CacheRead
	t.CacheWrite += u.CacheWrite
	t.TotalTokens += u.TotalTokens
	var in, out, cr, cw float64
	if priced {
		in = float64(u.Input) * m.Prices.Input / 1e6
		out = float64(u.Output) * m.Prices.Output / 1e6
		cr = float64(u.CacheRead) * m.Prices.CacheRead / 1e6
		cw = float64(u.CacheWrite) * m.Prices.CacheWrite / 1e6
	}
	t.InputCost += in
	t.OutputCost += out
	t.CacheReadCost += cr
	t.CacheWriteCost += cw
	switch {
	case u.Cost > 0:
		t.TotalCost += u.Cost
	case priced:
		t.TotalCost += in + out + cr + cw
	default:
		t.MissingCostEntries++
	}
}

// merge adds o to t.
func (t *totals) merge(o totals) {
	t.Input += o.Input
	t.Output += o.Output
	t.CacheRead += o.CacheRead
	t.CacheWrite += o.CacheWrite
	t.TotalTokens += o.TotalTokens
	t.TotalCost += o.TotalCost
	t.InputCost += o.InputCost
	t.OutputCost += o.OutputCost
	t.CacheReadCost += o.CacheReadCost
	t.CacheWriteCost += o.CacheWriteCost
	t.MissingCostEntries += o.MissingCostEntries
}

// hasUsage reports whether a message carries token usage or a cost.
func hasUsage(u transcript.Usage) bool {
	return u.Input > 0 || u.Output > 0 || u.CacheRead > 0 || u.CacheWrite > 0 || u.TotalTokens > 0 || u.Cost > 0
}

// price looks up the configured price of a message's model.
func (s *Service) price(a transcript.Activity) (Model, bool) {
	if s.d.Models == nil {
		return Model{}, false
	}
	m, ok := s.d.Models.Lookup(a.Provider, a.Model)
	return m, ok && m.Priced
}

// dayTotals is one day of usage.cost.
func dayTotals(date string, t totals) protocol.CostUsageDay {
	c := t.CostUsageTotals
	return protocol.CostUsageDay{Date: date, Input: c.Input, Output: c.Output, CacheRead: c.CacheRead,
		CacheWrite: c.CacheWrite, TotalTokens: c.TotalTokens, TotalCost: c.TotalCost, InputCost: c.InputCost,
		OutputCost: c.OutputCost, CacheReadCost: c.CacheReadCost, CacheWriteCost: c.CacheWriteCost,
		MissingCostEntries: c.MissingCostEntries}
}
