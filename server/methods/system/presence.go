package system

import (
	"context"
	"math"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/presence"
)

// SystemPresence serves system-presence: the presence list, newest first.
func (h *Handlers) SystemPresence(context.Context, *rpc.Call, *protocol.SystemPresenceParams) (*protocol.SystemPresenceResult, error) {
	list := PresenceList(h.d.Presence.List())
	return (*protocol.SystemPresenceResult)(&list), nil
}

// SystemEvent serves system-event: the text is queued for the main session
// and the reporting host's presence entry is refreshed and broadcast.
func (h *Handlers) SystemEvent(_ context.Context, call *rpc.Call, p *protocol.SystemEventParams) (*protocol.OkResult, error) {
	e := presence.Entry{
		Host: deref(p.Host), IP: deref(p.IP), Version: deref(p.Version), Platform: deref(p.Platform),
		DeviceFamily: deref(p.DeviceFamily), ModelIdentifier: deref(p.ModelIdentifier), Mode: deref(p.Mode),
		Reason: deref(p.Reason), Text: p.Text, DeviceID: deref(p.DeviceID), InstanceID: deref(p.InstanceID),
		Tags: p.Tags, Roles: p.Roles, Scopes: p.Scopes,
	}
	if p.LastInputSeconds != nil && !math.IsNaN(*p.LastInputSeconds) {
		secs := int64(math.Min(*p.LastInputSeconds, math.MaxInt32))
		e.LastInputSeconds = &secs
	}
	h.d.Heartbeat.Enqueue(p.Text)
	h.d.Presence.Report(presence.Key(e), e)
	h.d.BroadcastPresence()
	return &protocol.OkResult{Ok: true}, nil
}

// PresenceList converts presence entries to the protocol's.
func PresenceList(entries []presence.Entry) []protocol.PresenceEntry {
	out := make([]protocol.PresenceEntry, len(entries))
	for i, e := range entries {
		out[i] = protocol.PresenceEntry{
			Host: opt(e.Host), IP: opt(e.IP), Version: opt(e.Version), Platform: opt(e.Platform),
			DeviceFamily: opt(e.DeviceFamily), ModelIdentifier: opt(e.ModelIdentifier), Mode: opt(e.Mode),
			LastInputSeconds: e.LastInputSeconds, Reason: opt(e.Reason), Tags: e.Tags, Ts: e.TS,
			DeviceID: opt(e.DeviceID), Roles: e.Roles, Scopes: e.Scopes, InstanceID: opt(e.InstanceID),
			ClientID: opt(e.ClientID), TimeZone: opt(e.TimeZone),
		}
		if e.Text != "" {
			out[i].Text = &e.Text
		}
	}
	return out
}

// opt returns nil for "" (the protocol's strings here are non-empty).
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
