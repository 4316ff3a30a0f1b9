package system

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// Status serves status. gatewire runs no agents, channels, tasks or
// sessions, so their counts are zero and their lists empty; the runtime
// version, the heartbeat settings and the queued system events are real.
// Nothing in it is sensitive, so operators without operator.admin see the
// same summary.
func (h *Handlers) Status(context.Context, *rpc.Call, *protocol.StatusParams) (*protocol.StatusSummary, error) {
	version := h.d.Version
	return &protocol.StatusSummary{
		RuntimeVersion:     &version,
		Heartbeat:          h.statusHeartbeat(),
		ChannelSummary:     []string{},
		QueuedSystemEvents: h.d.Heartbeat.Queued(),
		Tasks:              map[string]json.RawMessage{},
		TaskAudit:          map[string]json.RawMessage{},
		Sessions: protocol.StatusSessions{
			Paths:    []string{},
			Defaults: protocol.StatusSessionsDefaults{},
			Recent:   []map[string]json.RawMessage{},
			ByAgent:  []protocol.StatusAgentSessions{},
		},
	}, nil
}

// statusHeartbeat reports the gateway's heartbeat settings; the agent list
// is empty because no agent runs.
func (h *Handlers) statusHeartbeat() protocol.StatusHeartbeat {
	enabled, every := h.d.Heartbeat.Enabled()
	extra := map[string]json.RawMessage{}
	extra["enabled"], _ = json.Marshal(enabled)
	extra["every"], _ = json.Marshal(FormatEvery(every))
	extra["everyMs"], _ = json.Marshal(every / time.Millisecond)
	return protocol.StatusHeartbeat{DefaultAgentID: DefaultAgentID, Agents: []protocol.HeartbeatAgentStatus{}, Extra: extra}
}

// FormatEvery renders a period the way heartbeat settings are written:
// "30m", "1h", "45s" or "1500ms".
func FormatEvery(d time.Duration) string {
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if d >= u.unit && d%u.unit == 0 {
			return strconv.FormatInt(int64(d/u.unit), 10) + u.name
		}
	}
	return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
}
