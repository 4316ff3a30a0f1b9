package sessions

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// chat.inject's message fields (v3's).
const (
	injectAPI      = "openai-responses"
	injectProvider = "openclaw"
	injectModel    = "gateway-injected"
)

// ChatInject answers chat.inject: an assistant message ("[label]\n\n"
// before the text when labelled) appended to an existing session's
// transcript under a UUID, without a run, then broadcast as a chat
// final with seq 0 and runId inject-<messageId> (and sent to the
// session's node subscribers). An unknown session is v3's "session not
// found".
func (s *Service) ChatInject(ctx context.Context, _ *rpc.Call, p *protocol.ChatInjectParams) (*protocol.ChatInjectResult, error) {
	key, err := s.canonical(p.SessionKey)
	if err != nil {
		return nil, err
	}
	if _, ok, err := s.d.Transcripts.Get(ctx, key); err != nil {
		return nil, storeFailed(ctx, err)
	} else if !ok {
		return nil, invalid("session not found")
	}
	text := p.Message
	if label := deref(p.Label); label != "" {
		text = "[" + label + "]\n\n" + text
	}
	msg := transcript.Message{Role: transcript.RoleAssistant, Content: []transcript.Part{{Type: transcript.PartText, Text: text}},
		Timestamp: s.nowMs(), StopReason: "stop", Usage: &transcript.Usage{}, API: injectAPI, Provider: injectProvider,
		Model: injectModel}
	id, _, err := s.d.Transcripts.Inject(ctx, key, msg)
	if err != nil {
		return nil, unavailable("failed to write transcript: %v", err)
	}
	s.emitInjected(key, id, msg)
	return &protocol.ChatInjectResult{Ok: true, MessageID: id}, nil
}

// emitInjected sends the chat final of an injected message.
func (s *Service) emitInjected(key, id string, msg transcript.Message) {
	var cm protocol.ChatMessage
	if err := cm.UnmarshalJSON(raw(msg)); err != nil {
		return // a Message always encodes to a ChatMessage
	}
	ev := &protocol.ChatEvent{RunID: "inject-" + id, SessionKey: key, Seq: 0, State: protocol.ChatEventStateFinal, Message: &cm}
	if agentID, _, ok := transcript.ParseKey(key); ok {
		ev.AgentID = &agentID
	}
	_, _ = s.chat.Broadcast(ev)
	_, _ = s.chat.ToSession(key, ev)
}
