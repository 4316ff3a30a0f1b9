package chat

import (
	"context"
	"errors"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/transcript"
)

// ChatSend posts a message to a session and starts a run: {runId, status
// "started"} once the message is recorded, the output following as chat
// events. A repeated idempotency key answers in_flight while its run goes
// on and its status ("ok" or "error") after, without a second run; a stop
// message aborts the session's runs and answers {ok, aborted, runIds}.
func (h chatMethods) ChatSend(ctx context.Context, call *rpc.Call, p *protocol.ChatSendParams) (*protocol.ChatSendResult, error) {
	s := h.s
	if err := s.checkChatSend(call, p); err != nil {
		return nil, err
	}
	key := s.canonicalKey(p.SessionKey)
	if isStop(p.Message) {
		return s.stop(call, key)
	}
	if run, ok := s.d.Runtime.Lookup(p.IdempotencyKey); ok {
		return sendStatus(run), nil
	}
	gate := make(chan struct{})
	call.AfterReply(func() { close(gate) })
	req := agent.StartRequest{RunID: p.IdempotencyKey, SessionKey: key, Message: p.Message, Origin: agent.OriginWebchat, Gate: gate}
	s.requester(call, &req)
	st, err := s.startOrCommand(ctx, call, req)
	switch {
	case err != nil:
		return nil, err
	case st.stop: // "/stop with words after it"
		return &protocol.ChatSendResult{Ok: ptr(true), Aborted: ptr(len(st.stopped) > 0), RunIDs: nonNil(st.stopped)}, nil
	case st.existing:
		return sendStatus(st.run), nil
	}
	return &protocol.ChatSendResult{RunID: ptr(st.run.ID), Status: ptr(protocol.ChatSendResultStatusStarted)}, nil
}

// checkChatSend applies v3's checks of chat.send params beyond the schema.
func (s *Service) checkChatSend(call *rpc.Call, p *protocol.ChatSendParams) error {
	if strings.TrimSpace(p.Message) == "" && len(p.Attachments) == 0 {
		return wire.InvalidRequest("message or attachment required")
	}
	admin := call.HasScope(string(protocol.OperatorScopeAdmin))
	switch {
	case (p.SystemInputProvenance != nil || p.SystemProvenanceReceipt != nil) && !admin:
		return wire.InvalidRequest("system provenance fields require admin scope")
	case (p.OriginatingChannel != nil || p.OriginatingTo != nil || p.OriginatingAccountID != nil || p.OriginatingThreadID != nil) && !admin:
		return wire.InvalidRequest("originating route fields require admin scope")
	}
	return nil
}

// sendStatus answers a repeated chat.send: in_flight while its run goes
// on, then the run's status.
func sendStatus(run *agent.Run) *protocol.ChatSendResult {
	res := &protocol.ChatSendResult{RunID: ptr(run.ID), Status: ptr(protocol.ChatSendResultStatusInFlight)}
	if o, done := run.Outcome(); done {
		res.Status = ptr(protocol.ChatSendResultStatusOk)
		if o.Status == agent.StatusError {
			res.Status = ptr(protocol.ChatSendResultStatusError)
		}
	}
	return res
}

// started is what startOrCommand did: started (or found) a run, or
// stopped the session's runs.
type started struct {
	run      *agent.Run
	existing bool
	stop     bool
	stopped  []string
}

// startOrCommand starts req's run, or carries out the slash command its
// message is.
func (s *Service) startOrCommand(ctx context.Context, call *rpc.Call, req agent.StartRequest) (started, error) {
	if cmd, ok := parseCommand(req.Message); ok {
		return s.runCommand(ctx, call, req, cmd)
	}
	return s.start(ctx, req)
}

// start starts a run, mapping the runtime's request errors to v3's.
func (s *Service) start(ctx context.Context, req agent.StartRequest) (started, error) {
	run, existing, err := s.d.Runtime.Start(ctx, req)
	if err != nil {
		return started{}, startError(err)
	}
	return started{run: run, existing: existing}, nil
}

// startError is the reply error of a refused start.
func startError(err error) error {
	switch {
	case errors.Is(err, agent.ErrBadSessionKey), errors.Is(err, agent.ErrUnknownAgent), errors.Is(err, agent.ErrNoSession):
		return wire.InvalidRequest("%s", err.Error())
	}
	return wire.Unavailable("%s", err.Error())
}

// requester records who starts a run: its connection (a tool-events run
// recipient when it declared the capability) and device.
func (s *Service) requester(call *rpc.Call, req *agent.StartRequest) {
	req.RequesterConn = call.ConnID
	if call.Peer != nil {
		req.RequesterDevice = call.Peer.Identity.DeviceID
		req.ToolEvents = call.Peer.HasCap("tool-events")
	}
}

// canonicalKey is a session key in its full form: a bare name ("main")
// is a session of the default agent.
func (s *Service) canonicalKey(key string) string {
	key = strings.TrimSpace(key)
	if _, _, ok := transcript.ParseKey(key); ok || strings.HasPrefix(key, "agent:") {
		return key
	}
	return transcript.Key(s.d.Models.DefaultAgentID(), key)
}
