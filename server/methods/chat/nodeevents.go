package chat

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent"
)

// SessionSubscriptions registers the connections a session's events
// reach (the engine's hub).
type SessionSubscriptions interface {
	SubscribeSession(connID, sessionKey string)
	UnsubscribeSession(connID, sessionKey string)
}

// maxNodeMessage is v3's cap on an agent.request message; a longer one is
// dropped.
const maxNodeMessage = 20000

// NodeEvent takes the node events the runtime owns, as v3 does: nothing
// is answered but the node event's {ok:true}, and a malformed payload is
// ignored. agent.request {message, sessionKey?} starts a run in the
// session (default node-<nodeId> of the default agent);
// chat.subscribe/chat.unsubscribe {sessionKey} make the node connection
// receive (or stop receiving) the session's chat events.
func (s *Service) NodeEvent(call *rpc.Call, nodeID, event string, payloadJSON []byte) {
	var p struct {
		Message    string `json:"message"`
		SessionKey string `json:"sessionKey"`
	}
	if json.Unmarshal(payloadJSON, &p) != nil {
		return
	}
	key := strings.TrimSpace(p.SessionKey)
	switch event {
	case "agent.request":
		if key == "" {
			key = "node-" + nodeID
		}
		s.nodeRequest(call, s.canonicalKey(key), strings.TrimSpace(p.Message))
	case "chat.subscribe":
		if key != "" && s.d.Subscriptions != nil {
			s.d.Subscriptions.SubscribeSession(call.ConnID, s.canonicalKey(key))
		}
	case "chat.unsubscribe":
		if key != "" && s.d.Subscriptions != nil {
			s.d.Subscriptions.UnsubscribeSession(call.ConnID, s.canonicalKey(key))
		}
	}
}

// nodeRequest starts a node's agent run under a run id of its own (v3
// reuses the session id, which would make a second request a duplicate
// of the first). Problems are logged by the runtime, not answered.
func (s *Service) nodeRequest(call *rpc.Call, key, message string) {
	if message == "" || len(message) > maxNodeMessage {
		return
	}
	req := agent.StartRequest{RunID: uuid.NewString(), SessionKey: key, Message: message, Origin: agent.OriginNode}
	s.requester(call, &req)
	req.ToolEvents = false
	if _, _, err := s.d.Runtime.Start(context.Background(), req); err != nil {
		return // as in v3, a node event is answered {ok:true} whatever became of the run
	}
}
