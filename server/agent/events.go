package agent

import (
	"encoding/json"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// The agent event streams the runtime emits.
const (
	streamLifecycle = "lifecycle"
	streamAssistant = "assistant"
	streamItem      = "item"
	streamTool      = "tool"
)

// fields builds an event's data object from name/value pairs.
func fields(kv ...any) map[string]json.RawMessage {
	m := make(map[string]json.RawMessage, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		raw, err := json.Marshal(kv[i+1])
		if err != nil {
			raw = []byte("null")
		}
		m[kv[i].(string)] = raw
	}
	return m
}

// nextSeqLocked takes the run's next event sequence number. The caller
// holds run.mu.
func (run *Run) nextSeqLocked() int64 {
	run.seq++
	return run.seq
}

// emitAgentLocked sends one agent event of run with sequence number seq:
// tool-stream events to the run's tool-event requesters, the others to
// every operator. The caller holds run.mu.
func (r *Runtime) emitAgentLocked(run *Run, seq int64, stream string, data map[string]json.RawMessage) {
	key, heartbeat := run.SessionKey, false
	ev := &protocol.AgentEvent{RunID: run.ID, Seq: seq, Stream: stream, Ts: r.nowMs(), Data: data, SessionKey: &key,
		AgentID: optional(run.AgentID), IsHeartbeat: &heartbeat}
	var err error
	if stream == streamTool {
		_, err = r.agent.ToRun(run.ID, ev)
	} else {
		_, err = r.agent.Broadcast(ev)
	}
	if err != nil {
		r.d.Log.Warn("agent event not sent", "runId", run.ID, "stream", stream, "err", err)
	}
}

// emitChatLocked sends one chat event of run: to every operator, and to
// the nodes subscribed to the session. The caller holds run.mu.
func (r *Runtime) emitChatLocked(run *Run, ev *protocol.ChatEvent) {
	ev.RunID, ev.SessionKey, ev.AgentID = run.ID, run.SessionKey, optional(run.AgentID)
	if _, err := r.chat.Broadcast(ev); err != nil {
		r.d.Log.Warn("chat event not sent", "runId", run.ID, "state", ev.State, "err", err)
	}
	if _, err := r.chat.ToSession(run.SessionKey, ev); err != nil {
		r.d.Log.Warn("chat event not sent to session subscribers", "runId", run.ID, "state", ev.State, "err", err)
	}
}

// chatMessage is an assistant chat message holding text.
func (r *Runtime) chatMessage(text string) *protocol.ChatMessage {
	content, _ := json.Marshal([]map[string]string{{"type": "text", "text": text}})
	ts := r.nowMs()
	return &protocol.ChatMessage{Role: "assistant", Content: content, Timestamp: &ts}
}

// emitStart sends the lifecycle start; false when the run was aborted
// before it started.
func (r *Runtime) emitStart(run *Run) bool {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.ended {
		return false
	}
	run.startedAt = r.nowMs()
	r.emitAgentLocked(run, run.nextSeqLocked(), streamLifecycle, fields("phase", "start", "startedAt", run.startedAt))
	return true
}

// emitDelta adds a piece of the answer and sends it as an assistant event
// and a chat delta under one sequence number (chat deltas at most every
// ChatDeltaInterval: the delta's deltaText holds everything added since
// the previous chat delta); false once the run ended.
func (r *Runtime) emitDelta(run *Run, delta string) (text string, ok bool) {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.ended {
		return run.text, false
	}
	run.text += delta
	seq := run.nextSeqLocked()
	r.emitAgentLocked(run, seq, streamAssistant, fields("text", run.text, "delta", delta))
	if now := r.d.Now(); run.lastChat.IsZero() || now.Sub(run.lastChat) >= r.d.ChatDeltaInterval {
		run.lastChat = now
		ev := &protocol.ChatEvent{Seq: seq, State: protocol.ChatEventStateDelta, Message: r.chatMessage(run.text)}
		ev.DeltaText, ev.Replace = chatDeltaText(run.lastChatText, run.text)
		run.lastChatText = run.text
		r.emitChatLocked(run, ev)
	}
	return run.text, true
}

// emitItem sends one agent event of a tool call (item or tool stream);
// false once the run ended.
func (r *Runtime) emitItem(run *Run, stream string, data map[string]json.RawMessage) bool {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.ended {
		return false
	}
	r.emitAgentLocked(run, run.nextSeqLocked(), stream, data)
	return true
}

// emitEnd sends the lifecycle end and the chat final under one sequence
// number; false when an abort ended the run first.
func (r *Runtime) emitEnd(run *Run) bool {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.ended {
		return false
	}
	run.ended = true
	seq := run.nextSeqLocked()
	r.emitAgentLocked(run, seq, streamLifecycle, fields("phase", "end", "livenessState", "working", "endedAt", r.nowMs()))
	r.emitChatLocked(run, &protocol.ChatEvent{Seq: seq, State: protocol.ChatEventStateFinal, Message: r.chatMessage(run.text)})
	return true
}

// emitError sends the lifecycle error and the chat error under one
// sequence number; false when an abort ended the run first.
func (r *Runtime) emitError(run *Run, message string) bool {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.ended {
		return false
	}
	run.ended = true
	seq := run.nextSeqLocked()
	r.emitAgentLocked(run, seq, streamLifecycle, fields("phase", "error", "error", message, "livenessState", "blocked", "endedAt", r.nowMs()))
	r.emitChatLocked(run, &protocol.ChatEvent{Seq: seq, State: protocol.ChatEventStateError, ErrorMessage: &message})
	return true
}

// emitAborted ends the run as aborted by origin: the chat aborted event
// with the partial answer, then the lifecycle end, under one sequence
// number. False when the run had already ended.
func (r *Runtime) emitAborted(run *Run, origin string) bool {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.ended {
		return false
	}
	run.ended, run.abortOrigin = true, origin
	seq := run.nextSeqLocked()
	r.emitChatLocked(run, &protocol.ChatEvent{Seq: seq, State: protocol.ChatEventStateAborted, StopReason: &origin, Message: r.chatMessage(run.text)})
	data := fields("phase", "end", "status", "cancelled", "aborted", true, "stopReason", origin, "endedAt", r.nowMs())
	if run.startedAt != 0 {
		data["startedAt"], _ = json.Marshal(run.startedAt)
	}
	r.emitAgentLocked(run, seq, streamLifecycle, data)
	return true
}

// chatDeltaText is a chat delta's deltaText (protocol 4): what text adds
// to the text of the previous chat delta, or all of text with replace set
// when text does not extend it.
func chatDeltaText(previous, text string) (*string, *bool) {
	if strings.HasPrefix(text, previous) {
		added := text[len(previous):]
		return &added, nil
	}
	replace := true
	return &text, &replace
}

// optional is a pointer to s, nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
