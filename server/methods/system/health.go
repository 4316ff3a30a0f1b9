package system

import (
	"context"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/heartbeat"
)

// Health serves health: the cached summary, or a fresh one when it is
// older than 60 s or probe is set (a refresh broadcasts a health event).
func (h *Handlers) Health(_ context.Context, call *rpc.Call, p *protocol.HealthParams) (*protocol.HealthSummary, error) {
	probe := p.Probe != nil && *p.Probe
	s := h.d.Health.Get(probe)
	return &s, nil
}

// BuildHealth takes the gateway's health summary. gatewire has no
// channels, agents or session stores, so those are empty; the heartbeat
// interval is the scheduler's (0 when heartbeats are off).
func BuildHealth(hb *heartbeat.Scheduler, now func() time.Time) protocol.HealthSummary {
	start := now()
	enabled, every := hb.Enabled()
	var seconds int64
	if enabled {
		seconds = int64(every / time.Second)
	}
	s := protocol.HealthSummary{
		Ok:               true,
		Ts:               start.UnixMilli(),
		Channels:         map[string]protocol.ChannelHealth{},
		ChannelOrder:     []string{},
		ChannelLabels:    map[string]string{},
		HeartbeatSeconds: seconds,
		DefaultAgentID:   DefaultAgentID,
		Agents:           []protocol.AgentHealth{},
		Sessions:         protocol.SessionStoreSummary{Path: "", Count: 0, Recent: []protocol.RecentSession{}},
		// gatewire polls its config file and applies changes while it runs.
		ConfigReload: &protocol.ConfigReloadHealth{HotReloadStatus: protocol.ConfigReloadHealthHotReloadStatusActive},
	}
	s.DurationMs = now().Sub(start).Milliseconds()
	return s
}
