package agent

import (
	"encoding/json"

	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/transcript"
)

// Abort origins (the aborted events' stopReason).
const (
	AbortRPC  = "rpc"  // chat.abort
	AbortStop = "stop" // a /stop message
)

// Abort cancels the session's runs (runID "") or its run runID, the
// active one and queued ones, with origin "rpc"; see AbortWith.
func (r *Runtime) Abort(sessionKey, runID string) []string {
	return r.AbortWith(sessionKey, runID, AbortRPC)
}

// AbortWith cancels the session's runs (runID "": the active run and
// every queued one) or its run runID and returns the ids of the runs it
// aborted (none when nothing matched). Each aborted run's chat aborted
// and lifecycle end events are sent before AbortWith returns; the active
// run's provider stream is cancelled at once, and the run then records
// its partial answer.
func (r *Runtime) AbortWith(sessionKey, runID, origin string) []string {
	r.mu.Lock()
	l := r.lanes[sessionKey]
	var active *Run
	var queued []*Run
	if l != nil {
		if runID == "" || l.active.ID == runID {
			active = l.active
		}
		kept := l.queue[:0]
		for _, q := range l.queue {
			if runID == "" || q.ID == runID {
				queued = append(queued, q)
			} else {
				kept = append(kept, q)
			}
		}
		l.queue = kept
	}
	r.mu.Unlock()
	var ids []string
	if active != nil && r.emitAborted(active, origin) {
		ids = append(ids, active.ID)
		active.cancel()
	}
	for _, q := range queued {
		if r.emitAborted(q, origin) {
			ids = append(ids, q.ID)
			q.cancel()
			go func() { // it never reaches its lane's worker
				<-q.accepted
				(&turn{r: r, run: q}).finishAborted("")
			}()
		}
	}
	return ids
}

// finishAborted records what an aborted run leaves in the transcript (the
// model's partial answer and the gateway's copy of it, as v3 writes them)
// and ends the run. partial is the text of the interrupted model call.
func (t *turn) finishAborted(partial string) {
	r, run := t.r, t.run
	if t.begun != nil {
		<-t.begun
		<-t.recorded
	}
	run.mu.Lock()
	origin, text := run.abortOrigin, run.text
	run.mu.Unlock()
	if origin == "" {
		origin = AbortRPC // cancelled without an abort: treat as one
		r.emitAborted(run, origin)
	}
	if partial != "" && t.model.ID != "" {
		m := t.assistant(partial, nil, string(provider.StopAborted), nil)
		m.ErrorMessage = "Request was aborted"
		r.appendMessages(run, m)
	}
	if text != "" {
		r.appendMessages(run, gatewayCopy(run, text, origin, r.nowMs()))
	}
	o := t.outcome(StatusAborted)
	o.StopReason = origin
	if run.startedAt != 0 {
		r.recordRun(run, transcript.RunInfo{Status: transcript.RunTimeout, StartedAt: run.startedAt, EndedAt: o.EndedAt}, o.Usage)
	}
	t.observe(Update{Err: ErrAborted, Text: text, StopReason: string(provider.StopAborted)})
	r.finish(run, o)
}

// gatewayCopy is the assistant message v3's gateway writes for an aborted
// run: the partial answer, marked as the gateway's, with openclawAbort.
func gatewayCopy(run *Run, text, origin string, now int64) transcript.Message {
	mark, _ := json.Marshal(map[string]any{"aborted": true, "origin": origin, "runId": run.ID})
	return transcript.Message{Role: transcript.RoleAssistant, Content: []transcript.Part{{Type: transcript.PartText, Text: text}},
		Timestamp: now, API: "openai-responses", Provider: "openclaw", Model: "gateway-injected", StopReason: "stop",
		IdempotencyKey: run.ID + ":assistant", Extra: map[string]json.RawMessage{"openclawAbort": mark}}
}
