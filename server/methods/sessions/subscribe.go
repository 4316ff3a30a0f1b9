package sessions

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
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

// onChange sends sessions.changed for a change to key: {sessionKey,
// reason, ts} and, while the session exists, its row's fields.
func (s *Service) onChange(key, reason string) {
	ev := &protocol.SessionsChangedEvent{SessionKey: &key, Reason: &reason, Ts: s.nowMs()}
	if e, ok, err := s.d.Transcripts.Get(context.Background(), key); err == nil && ok {
		ev.Extra = rowFields(s.row(e))
	}
	_, _ = s.changed.ToSession(SubscribersKey, ev)
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
