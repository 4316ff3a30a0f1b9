package sessions

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// SubscribersKey is the session-route key sessions.changed is published
// under: the connections subscribed to it are those that called
// sessions.subscribe. It is no session key, so no session's
// subscribers receive it.
const SubscribersKey = "sessions.changed"

// SessionsSubscribe answers sessions.subscribe: the connection receives
// sessions.changed from now on, until it unsubscribes or closes.
func (s *Service) SessionsSubscribe(_ context.Context, call *rpc.Call, _ *protocol.SessionsSubscribeParams) (*protocol.SessionsSubscribeResult, error) {
	s.d.Subscriptions.SubscribeSession(call.ConnID, SubscribersKey)
	return &protocol.SessionsSubscribeResult{Subscribed: true}, nil
}

// SessionsUnsubscribe answers sessions.unsubscribe.
func (s *Service) SessionsUnsubscribe(_ context.Context, call *rpc.Call, _ *protocol.SessionsUnsubscribeParams) (*protocol.SessionsSubscribeResult, error) {
	s.d.Subscriptions.UnsubscribeSession(call.ConnID, SubscribersKey)
	return &protocol.SessionsSubscribeResult{Subscribed: false}, nil
}

// onChange sends sessions.changed for a store change, as v3 does: an
// appended message is phase "message" with its messageId and
// messageSeq, a run starting or ending is phase "start", "end" or
// "error", anything else a reason ("create", "patch", "reset",
// "delete", "compact"). While the session exists its row's fields
// follow; protocol 4 adds agentId and the row once more as session.
func (s *Service) onChange(c change) {
	key := c.Key
	ev := &protocol.SessionsChangedEvent{SessionKey: &key, Ts: s.nowMs()}
	switch c.Reason {
	case transcript.ReasonMessage:
		ev.Phase = strPtr("message")
	case transcript.ReasonRun:
		ev.Phase = strPtr(runPhase(c.Run.Status))
	default:
		ev.Reason = strPtr(c.Reason)
	}
	if agentID, _, ok := transcript.ParseKey(key); ok {
		ev.AgentID = &agentID
	}
	if e, ok, err := s.d.Transcripts.Get(context.Background(), key); err == nil && ok {
		row := s.row(e)
		ev.Extra, ev.Session = rowFields(row), &row
	}
	if c.Reason == transcript.ReasonMessage {
		if ev.Extra == nil {
			ev.Extra = map[string]json.RawMessage{}
		}
		ev.Extra["messageId"] = raw(c.MessageID)
		if c.MessageSeq > 0 {
			ev.Extra["messageSeq"] = raw(c.MessageSeq)
		}
	}
	_, _ = s.changed.ToSession(SubscribersKey, ev)
}

// runPhase is v3's lifecycle phase for a recorded run status.
func runPhase(status string) string {
	switch status {
	case transcript.RunRunning:
		return "start"
	case transcript.RunFailed:
		return "error"
	}
	return "end"
}

// rowFields are a row's members for the event's snapshot, without those
// the event declares itself.
func rowFields(r protocol.SessionRow) map[string]json.RawMessage {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw(r), &fields) != nil {
		return nil
	}
	for _, k := range []string{"sessionKey", "reason", "phase", "runId", "ts"} {
		delete(fields, k)
	}
	return fields
}
