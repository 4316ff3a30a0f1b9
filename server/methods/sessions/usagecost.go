package sessions

import (
	"context"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// UsageCost answers usage.cost: the token usage and cost of every
// session (reset and deleted transcripts included) per day of the range
// and in total. Cost is what the provider reported, else tokens × the
// model's configured per-million prices; messages of a model without a
// price count in missingCostEntries.
func (s *Service) UsageCost(ctx context.Context, _ *rpc.Call, p *protocol.UsageCostParams) (*protocol.UsageCostResult, error) {
	mode := ""
	if p.Mode != nil {
		mode = string(*p.Mode)
	}
	r := parseRange(s.d.Now(), deref(p.StartDate), deref(p.EndDate), deref(p.Days), usageZone(mode, deref(p.UtcOffset)))
	rows, err := s.d.Transcripts.Activity(ctx, r.startMs, r.endMs, "")
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	byDay := map[string]*totals{}
	var all totals
	for _, a := range rows {
		if !hasUsage(a.Usage) {
			continue
		}
		m, priced := s.price(a)
		day := r.day(a.Timestamp)
		if byDay[day] == nil {
			byDay[day] = &totals{}
		}
		byDay[day].add(a.Usage, m, priced)
		all.add(a.Usage, m, priced)
	}
	daily := make([]protocol.CostUsageDay, 0, len(byDay))
	for _, day := range slices.Sorted(mapsKeys(byDay)) {
		daily = append(daily, dayTotals(day, *byDay[day]))
	}
	return &protocol.UsageCostResult{UpdatedAt: s.nowMs(), Days: r.days(), Daily: daily, Totals: all.CostUsageTotals}, nil
}
