package chat

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/transcript"
)

// Agent runs one agent turn: it answers {runId, status "accepted",
// acceptedAt} (protocol 4 adds sessionKey and agentId) once the user
// message is recorded, then the final result under the same request id
// when the run ends (v3's two-phase reply).
func (h agentMethods) Agent(ctx context.Context, call *rpc.Call, p *protocol.AgentParams) (*protocol.AgentResult, error) {
	s := h.s
	key, err := s.agentSession(p)
	if errors.Is(err, agent.ErrNoSession) {
		// v3 accepts first and fails the run: the CLI's flags are named.
		now := s.nowMs()
		_ = call.Accept(&protocol.AgentResult{RunID: p.IdempotencyKey, Status: protocol.AgentRunStatusAccepted, AcceptedAt: &now})
		return nil, runFailure(p.IdempotencyKey, err.Error())
	}
	if err != nil {
		return nil, err
	}
	override, err := s.modelOverride(call, p)
	if err != nil {
		return nil, err
	}
	gate := make(chan struct{})
	req := agent.StartRequest{RunID: p.IdempotencyKey, SessionKey: key, Message: p.Message, Origin: agent.OriginCLI,
		ModelOverride: override, ExtraSystemPrompt: deref(p.ExtraSystemPrompt), Gate: gate}
	s.requester(call, &req)
	st, err := s.startOrCommand(ctx, call, req)
	if err != nil {
		close(gate)
		return nil, err
	}
	run := st.run
	if st.stop { // a /stop: nothing runs
		close(gate)
		return &protocol.AgentResult{RunID: p.IdempotencyKey, Status: protocol.AgentRunStatusOk, Summary: ptr("completed")}, nil
	}
	accepted, runKey, runAgent := run.AcceptedAt, run.SessionKey, run.AgentID
	err = call.Accept(&protocol.AgentResult{RunID: run.ID, Status: protocol.AgentRunStatusAccepted, AcceptedAt: &accepted,
		SessionKey: &runKey, AgentID: &runAgent})
	close(gate)
	if err != nil {
		return nil, err
	}
	select {
	case <-run.Done():
	case <-ctx.Done():
		return nil, ctx.Err() // the connection closed: nobody gets the reply
	}
	o, _ := run.Outcome()
	return finalResult(o, transcript.Locator(s.d.StorePath, o.SessionID))
}

// agentSession picks the session of an agent request: sessionKey, else
// the agent's main session, else a session named by sessionId under the
// default agent, else (to) the default agent's main session.
func (s *Service) agentSession(p *protocol.AgentParams) (string, error) {
	switch {
	case deref(p.SessionKey) != "":
		return s.canonicalKey(*p.SessionKey), nil
	case deref(p.AgentID) != "":
		return transcript.MainKey(*p.AgentID), nil
	case deref(p.SessionID) != "":
		return transcript.Key(s.d.Models.DefaultAgentID(), *p.SessionID), nil
	case deref(p.To) != "":
		return transcript.MainKey(s.d.Models.DefaultAgentID()), nil
	}
	return "", agent.ErrNoSession
}

// modelOverride is the request's provider/model override, which only a
// caller allowed to patch sessions may make.
func (s *Service) modelOverride(call *rpc.Call, p *protocol.AgentParams) (string, error) {
	model, prov := strings.TrimSpace(deref(p.Model)), strings.TrimSpace(deref(p.Provider))
	if model == "" && prov == "" {
		return "", nil
	}
	if err := s.authorize(call, methodSessionsPatch); err != nil {
		return "", err
	}
	if prov != "" && model != "" && !strings.Contains(model, "/") {
		model = prov + "/" + model
	}
	if _, ok := s.d.Models.Model(model); !ok {
		return "", wire.InvalidRequest("unknown model: %s", model)
	}
	return model, nil
}

// finalResult is the agent method's final reply for a run's outcome;
// sessionFile names the session's transcript.
func finalResult(o agent.Outcome, sessionFile string) (*protocol.AgentResult, error) {
	if o.Status == agent.StatusError {
		return nil, runFailure(o.RunID, o.Error)
	}
	summary, aborted := "completed", o.Status == agent.StatusAborted
	res := &protocol.AgentResult{RunID: o.RunID, Status: protocol.AgentRunStatusOk, Summary: &summary}
	if aborted {
		summary = "aborted"
		res.StopReason = ptr(o.StopReason)
	}
	start := o.StartedAt
	if start == 0 {
		start = o.EndedAt
	}
	meta := map[string]any{"durationMs": o.EndedAt - start, "aborted": aborted,
		"agentMeta": map[string]any{"sessionId": o.SessionID, "sessionFile": sessionFile, "provider": o.Provider, "model": o.Model,
			"contextTokens": o.ContextWindow, "lastCallUsage": usageJSON(o.Usage)}}
	result, err := json.Marshal(map[string]any{"payloads": []map[string]any{{"text": o.Text, "mediaUrl": nil}}, "meta": meta})
	if err != nil {
		return nil, err
	}
	res.Result = result
	return res, nil
}

// usageJSON is usage as v3 reports it in agentMeta.
func usageJSON(u *transcript.Usage) map[string]int64 {
	if u == nil {
		u = &transcript.Usage{}
	}
	return map[string]int64{"input": u.Input, "output": u.Output, "cacheRead": u.CacheRead, "cacheWrite": u.CacheWrite, "total": u.TotalTokens}
}

// runFailure is a failed run's final reply: ok false, UNAVAILABLE with the
// error text, and the payload {runId, status "error", summary}.
func runFailure(runID, message string) error {
	return &rpc.Failure{Err: wire.Unavailable("%s", message),
		Payload: &protocol.AgentResult{RunID: runID, Status: protocol.AgentRunStatusError, Summary: &message}}
}

// AgentWait waits up to timeoutMs (default 30 s) for a run to end. An
// unknown run, or one still going when the time is up, is
// {runId, status "timeout"}; an aborted run reports "timeout" as v3 does.
func (h agentMethods) AgentWait(ctx context.Context, call *rpc.Call, p *protocol.AgentWaitParams) (*protocol.AgentWaitResult, error) {
	timeout := 30 * time.Second
	if p.TimeoutMs != nil {
		timeout = time.Duration(*p.TimeoutMs) * time.Millisecond
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	o, ok := h.s.d.Runtime.Wait(wctx, p.RunID)
	res := &protocol.AgentWaitResult{RunID: p.RunID, Status: protocol.AgentWaitResultStatusTimeout}
	if !ok {
		return res, nil
	}
	res.EndedAt = &o.EndedAt
	if o.StartedAt != 0 {
		res.StartedAt = &o.StartedAt
	}
	switch o.Status {
	case agent.StatusOK:
		res.Status, res.LivenessState = protocol.AgentWaitResultStatusOk, ptr("working")
	case agent.StatusError:
		res.Status, res.Error = protocol.AgentWaitResultStatusError, ptr(o.Error)
	default:
		res.StopReason = ptr(o.StopReason)
	}
	return res, nil
}

// deref is *p, "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
