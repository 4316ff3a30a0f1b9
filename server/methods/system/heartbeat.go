package system

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/heartbeat"
)

// LastHeartbeat serves last-heartbeat: the last heartbeat event, or null.
func (h *Handlers) LastHeartbeat(context.Context, *rpc.Call, *protocol.LastHeartbeatParams) (*protocol.LastHeartbeatResult, error) {
	last := h.d.Heartbeat.Last()
	if last == nil {
		return nil, nil
	}
	ev := HeartbeatEvent(*last)
	return &ev, nil
}

// SetHeartbeats serves set-heartbeats: turns periodic heartbeats on or
// off until the config's heartbeat.enabled changes.
func (h *Handlers) SetHeartbeats(_ context.Context, call *rpc.Call, p *protocol.SetHeartbeatsParams) (*protocol.SetHeartbeatsResult, error) {
	h.d.Heartbeat.SetEnabled(p.Enabled)
	return &protocol.SetHeartbeatsResult{Ok: true, Enabled: p.Enabled}, nil
}

// Wake serves wake: the text is queued for the next heartbeat, which
// mode "now" runs right away.
func (h *Handlers) Wake(_ context.Context, call *rpc.Call, p *protocol.WakeParams) (*protocol.WakeResult, error) {
	h.d.Heartbeat.Wake(p.Text, p.Mode == protocol.WakeParamsModeNow)
	return &protocol.WakeResult{Ok: true}, nil
}

// HeartbeatEvent converts a recorded heartbeat to the protocol's event.
func HeartbeatEvent(e heartbeat.Event) protocol.HeartbeatEvent {
	return protocol.HeartbeatEvent{
		Ts:         e.TS,
		Status:     protocol.HeartbeatRunStatus(e.Status),
		Reason:     opt(e.Reason),
		Preview:    opt(e.Preview),
		DurationMs: e.DurationMs,
	}
}
