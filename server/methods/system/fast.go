package system

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/presence"
)

// FastPaths returns dispatch entries for the two hottest methods that
// reply with JSON encoded once per change: health serves the cached
// summary's bytes and system-presence encodes only the gateway's own
// entry per call. They behave exactly like Health and SystemPresence,
// which stay the protocol.SystemHandler implementation. RegisterSystem
// serves them in their place (rpc.FastPaths).
func (h *Handlers) FastPaths() map[string]rpc.HandlerFunc {
	return map[string]rpc.HandlerFunc{
		protocol.MethodHealth:         h.healthJSON,
		protocol.MethodSystemPresence: h.systemPresenceJSON,
	}
}

// healthJSON is Health over raw params (already schema-validated).
func (h *Handlers) healthJSON(_ context.Context, call *rpc.Call, raw json.RawMessage) (any, error) {
	var p struct {
		Probe *bool `json:"probe"`
	}
	if len(raw) > 2 { // "{}" has nothing to read
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, err
		}
	}
	return h.d.Health.GetJSONAt(p.Probe != nil && *p.Probe, call.Peer.Protocol), nil
}

// systemPresenceJSON is SystemPresence.
func (h *Handlers) systemPresenceJSON(_ context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
	return h.d.Presence.ListJSONAt(call.Peer.Protocol), nil
}

// ShapePresence is the presence registry's shape (presence.SetShape):
// the entries as the protocol's presence list at version v.
func ShapePresence(v int, entries []presence.Entry) any {
	list := protocol.SystemPresenceResult(PresenceList(entries))
	return list.ForProtocol(v)
}
