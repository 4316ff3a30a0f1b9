package nodes

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// PresencePersistInterval is the least time between two node.presence.alive
// events of one device that are written to the store; one sooner is
// answered "throttled".
const PresencePersistInterval = time.Minute

// maxPresenceKeys bounds the devices whose last write is remembered.
const maxPresenceKeys = 1024

// aliveTriggers are the triggers recorded as lastSeenReason; any other
// value is recorded as "background".
var aliveTriggers = map[string]bool{
	"background": true, "silent_push": true, "bg_app_refresh": true,
	"significant_location": true, "manual": true, "connect": true,
}

// presenceThrottle remembers when each device's presence was last
// written.
type presenceThrottle struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// allow reports whether deviceID may be written at now (no write within
// the interval).
func (t *presenceThrottle) allow(deviceID string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	last, ok := t.last[deviceID]
	return !ok || now.Sub(last) >= PresencePersistInterval
}

// record notes a write for deviceID at now, forgetting old entries (ten
// intervals) and, past maxPresenceKeys, the oldest ones.
func (t *presenceThrottle) record(deviceID string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		t.last = map[string]time.Time{}
	}
	t.last[deviceID] = now
	for id, at := range t.last {
		if now.Sub(at) > 10*PresencePersistInterval {
			delete(t.last, id)
		}
	}
	for len(t.last) > maxPresenceKeys {
		oldest, at := "", now
		for id, a := range t.last {
			if !a.After(at) {
				oldest, at = id, a
			}
		}
		delete(t.last, oldest)
	}
}

// presenceAlive handles node.presence.alive in v3's order: a payload that
// is not an object, a caller without a device, the throttle, then the
// write of lastSeenAtMs and lastSeenReason to the node's paired records.
func (s *Service) presenceAlive(ctx context.Context, deviceID, nodeID string, payload map[string]any) *protocol.NodeEventResult {
	reply := func(handled bool, reason string) *protocol.NodeEventResult {
		ev := eventPresenceAlive
		return &protocol.NodeEventResult{Ok: true, Event: &ev, Handled: &handled, Reason: &reason}
	}
	if payload == nil {
		return reply(false, "invalid_payload")
	}
	if deviceID == "" {
		return reply(false, "missing_device_identity")
	}
	now := s.deps.Now()
	if !s.presence.allow(deviceID, now) {
		return reply(true, "throttled")
	}
	reason := strings.ToLower(str(payload, "trigger"))
	if !aliveTriggers[reason] {
		reason = "background"
	}
	updated, err := s.deps.MarkSeen(ctx, nodeID, deviceID, now.UnixMilli(), reason)
	switch {
	case err != nil:
		slog.Warn("node presence alive failed", "node", nodeID, "err", err)
		return reply(false, "persist_failed")
	case !updated:
		return reply(false, "unpaired")
	}
	s.presence.record(deviceID, now)
	return reply(true, "persisted")
}

// trimSpace trims the white space JavaScript's trim removes (close enough:
// Unicode white space).
func trimSpace(s string) string { return strings.TrimSpace(s) }
