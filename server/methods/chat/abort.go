package chat

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent"
)

// ChatAbort aborts the session's runs, or its run runId, that the caller
// may abort (its own, or any for an admin): {ok, aborted, runIds}. A run
// that is not going answers aborted false; a run of another session is
// refused.
func (h chatMethods) ChatAbort(ctx context.Context, call *rpc.Call, p *protocol.ChatAbortParams) (*protocol.ChatAbortResult, error) {
	s := h.s
	key := s.canonicalKey(p.SessionKey)
	none := &protocol.ChatAbortResult{Ok: true, Aborted: false, RunIDs: []string{}}
	if p.RunID == nil {
		ids, err := s.abortSession(call, key, agent.AbortRPC)
		if err != nil {
			return nil, err
		}
		return &protocol.ChatAbortResult{Ok: true, Aborted: len(ids) > 0, RunIDs: ids}, nil
	}
	run, ok := s.d.Runtime.Lookup(*p.RunID)
	if !ok {
		return none, nil
	}
	if _, done := run.Outcome(); done {
		return none, nil
	}
	if run.SessionKey != key {
		return nil, wire.InvalidRequest("runId does not match sessionKey")
	}
	if !canAbort(call, run) {
		return nil, wire.InvalidRequest("unauthorized")
	}
	ids := s.d.Runtime.AbortWith(key, run.ID, agent.AbortRPC)
	return &protocol.ChatAbortResult{Ok: true, Aborted: len(ids) > 0, RunIDs: nonNil(ids)}, nil
}

// abortSession aborts the session's runs the caller may abort, with
// origin. When the session has runs and the caller may abort none of
// them, it is refused ("unauthorized").
func (s *Service) abortSession(call *rpc.Call, key, origin string) ([]string, error) {
	runs := s.d.Runtime.SessionRuns(key)
	ids := []string{}
	for _, run := range runs {
		if canAbort(call, run) {
			ids = append(ids, s.d.Runtime.AbortWith(key, run.ID, origin)...)
		}
	}
	if len(runs) > 0 && len(ids) == 0 && !anyAbortable(call, runs) {
		return nil, wire.InvalidRequest("unauthorized")
	}
	return ids, nil
}

// anyAbortable reports whether the caller may abort one of runs.
func anyAbortable(call *rpc.Call, runs []*agent.Run) bool {
	for _, r := range runs {
		if canAbort(call, r) {
			return true
		}
	}
	return false
}

// canAbort is v3's rule: an admin may abort any run; others the runs
// started by their device or their connection, or runs without a known
// requester.
func canAbort(call *rpc.Call, run *agent.Run) bool {
	if call.HasScope(string(protocol.OperatorScopeAdmin)) {
		return true
	}
	conn, device := run.Requester()
	if conn == "" && device == "" {
		return true
	}
	return device != "" && call.Peer != nil && call.Peer.Identity.DeviceID == device || conn != "" && conn == call.ConnID
}

// stop carries out a stop message of chat.send: the session's runs are
// aborted with stopReason "stop".
func (s *Service) stop(call *rpc.Call, key string) (*protocol.ChatSendResult, error) {
	ids, err := s.abortSession(call, key, agent.AbortStop)
	if err != nil {
		return nil, err
	}
	return &protocol.ChatSendResult{Ok: ptr(true), Aborted: ptr(len(ids) > 0), RunIDs: nonNil(ids)}, nil
}

// nonNil is ids, an empty list for none.
func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}
