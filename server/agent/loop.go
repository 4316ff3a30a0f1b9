package agent

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/transcript"
)

// turn is the state of one executing run.
type turn struct {
	r       *Runtime
	run     *Run
	agent   catalog.Agent
	model   catalog.Model
	prov    provider.Provider
	req     provider.Request
	session string // the session id
	usage   transcript.Usage
	used    bool // usage was reported

	begun    chan struct{} // closed when begin is done
	started  bool          // begin sent the lifecycle start
	recorded chan struct{} // closed when the running record is written
	done     bool          // the run was finished
}

// call is what one model call produced.
type call struct {
	text  string
	calls []provider.ToolCall
	usage *transcript.Usage
	stop  provider.StopReason
	err   error
}

// execute runs one run to its end once its user message is recorded.
//
// The turn is prepared and the model called while the user message is
// still being recorded (the reads and the provider's first bytes overlap
// the write); no event goes out before the message is recorded and the
// run's Gate is open (begin). A run whose message could not be recorded
// ends without events.
func (r *Runtime) execute(run *Run) {
	defer run.cancel()
	t := &turn{r: r, run: run, begun: make(chan struct{}), recorded: make(chan struct{})}
	go t.begin()
	if err := t.prepare(); err != nil {
		r.fail(t, err.Error())
		return
	}
	t.loop()
}

// begin waits for the run's message to be recorded and its Gate, then
// sends the lifecycle start and records the run as running (off the
// run's path: the final record waits for it). It closes t.begun;
// t.started says whether the run may send events.
func (t *turn) begin() {
	r, run := t.r, t.run
	defer close(t.begun)
	<-run.accepted
	if run.acceptErr != nil {
		close(t.recorded)
		run.cancel()
		return
	}
	if run.req.Gate != nil {
		select {
		case <-run.req.Gate:
		case <-run.ctx.Done():
		}
	}
	if !r.emitStart(run) {
		close(t.recorded)
		return
	}
	t.started = true
	go func() {
		defer close(t.recorded)
		r.recordRun(run, transcript.RunInfo{Status: transcript.RunRunning, StartedAt: run.startedAt}, nil)
	}()
}

// ready waits for begin. It is false when the run may send nothing more:
// its message was not recorded (the run is then finished here, without
// events) or an abort ended it first.
func (t *turn) ready() bool {
	<-t.begun
	if t.run.acceptErr != nil {
		if !t.done {
			t.done = true
			t.r.finish(t.run, Outcome{Status: StatusError, Error: t.run.acceptErr.Error()})
		}
		return false
	}
	return t.started
}

// prepare resolves the agent, the model, its provider and the request.
func (t *turn) prepare() error {
	r, run := t.r, t.run
	cached, err := t.context()
	if err != nil {
		return err
	}
	t.session = cached.sessionID
	t.agent, _ = r.d.Catalog.Agent(run.AgentID)
	override := run.req.ModelOverride
	if override == "" {
		override = cached.model
	}
	if t.model, err = r.d.Catalog.ModelFor(run.AgentID, override); err != nil {
		return err
	}
	if t.prov, err = r.d.Catalog.Provider(t.model); err != nil {
		return err
	}
	system := run.req.ExtraSystemPrompt
	if r.d.SystemPrompt != nil {
		if system, err = r.d.SystemPrompt(t.agent, run.req.ExtraSystemPrompt); err != nil {
			return err
		}
	}
	if cached.summary != "" {
		system += summaryIntro + cached.summary
	}
	msgs := cached.msgs
	t.req = provider.Request{Model: t.model.ID, System: system, Tools: r.specs, MaxTokens: t.model.MaxTokens,
		Messages: conversation(msgs, run, r.pendingIDs(run.SessionKey, run.ID))}
	return nil
}

// context returns what the model sees of the session: the cached context,
// or (on a miss) the store's, read once the run's message is recorded so
// that the cached copy has it, and cached.
func (t *turn) context() (cachedContext, error) {
	r, run := t.r, t.run
	if c, ok := r.cache.get(run.SessionKey); ok {
		return c, nil
	}
	<-run.accepted
	if run.acceptErr != nil {
		return cachedContext{}, run.acceptErr
	}
	gen := r.cache.beginRead(run.SessionKey)
	entry, _, err := r.d.Transcripts.Get(run.ctx, run.SessionKey)
	if err != nil {
		r.cache.endRead(run.SessionKey, gen, nil)
		return cachedContext{}, err
	}
	summary, msgs, err := r.d.Transcripts.Context(run.ctx, run.SessionKey)
	if err != nil {
		r.cache.endRead(run.SessionKey, gen, nil)
		return cachedContext{}, err
	}
	c := cachedContext{sessionID: entry.SessionID, model: entry.Model, summary: summary, msgs: msgs}
	cached := c
	cached.msgs = append([]transcript.Message(nil), msgs...)
	r.cache.endRead(run.SessionKey, gen, &cached)
	return c, nil
}

// loop calls the model, runs the tools it asks for and feeds their
// results back, until it answers, fails, is aborted or runs out of rounds.
func (t *turn) loop() {
	r, run := t.r, t.run
	for round := 0; ; round++ {
		c := t.stream()
		switch {
		case !t.ready() && run.acceptErr != nil:
			return
		case run.ctx.Err() != nil:
			t.finishAborted(c.text)
			return
		case c.err != nil:
			r.fail(t, c.err.Error())
			return
		}
		if c.stop != provider.StopToolUse || len(c.calls) == 0 {
			t.complete(c)
			return
		}
		if round+1 >= r.d.MaxToolRounds {
			r.fail(t, fmt.Sprintf("The agent stopped after %d tool rounds without an answer.", r.d.MaxToolRounds))
			return
		}
		if !t.runTools(c) {
			t.finishAborted("")
			return
		}
	}
}

// stream makes one model call, sending its text as deltas.
func (t *turn) stream() call {
	run := t.run
	var c call
	first := true
	for ev := range t.prov.Stream(run.ctx, &t.req) {
		if !t.ready() {
			break // aborted, or the message was not recorded
		}
		switch ev.Type {
		case provider.EventTextDelta:
			if ev.Text == "" {
				continue
			}
			delta := ev.Text
			if first && run.text != "" {
				delta = "\n\n" + delta // a new answer after tool calls
			}
			first = false
			c.text += ev.Text
			text, ok := t.r.emitDelta(run, delta)
			if !ok {
				continue // aborted: the stream ends with the cancellation
			}
			t.observe(Update{Delta: delta, Text: text})
		case provider.EventToolCall:
			c.calls = append(c.calls, ev.ToolCall)
		case provider.EventUsage:
			c.usage = t.costed(ev.Usage)
		case provider.EventStop:
			c.stop = ev.StopReason
		case provider.EventError:
			c.stop, c.err = ev.StopReason, ev.Err
			if ev.StopReason != provider.StopAborted && t.r.d.Observer != nil {
				t.r.d.Observer.ModelCallFailed(t.model.Provider)
			}
			if c.err == nil {
				c.err = errors.New("the model call failed")
			}
		}
	}
	if c.usage != nil {
		t.usage.Add(*c.usage)
		t.used = true
	}
	return c
}

// costed converts a provider's usage and prices it with the model's cost
// per million tokens.
func (t *turn) costed(u provider.Usage) *transcript.Usage {
	c := t.model.Cost
	total := u.TotalTokens
	if total == 0 {
		total = u.InputTokens + u.OutputTokens + u.CacheReadTokens + u.CacheWriteTokens
	}
	return &transcript.Usage{Input: u.InputTokens, Output: u.OutputTokens, CacheRead: u.CacheReadTokens,
		CacheWrite: u.CacheWriteTokens, TotalTokens: total,
		Cost: (float64(u.InputTokens)*c.Input + float64(u.OutputTokens)*c.Output +
			float64(u.CacheReadTokens)*c.CacheRead + float64(u.CacheWriteTokens)*c.CacheWrite) / 1e6}
}

// observe hands an update to the request's observer, if any.
func (t *turn) observe(u Update) {
	if t.run.req.Observer != nil {
		t.run.req.Observer(u)
	}
}

// runUsage is the run's usage total, nil when no call reported any.
func (t *turn) runUsage() *transcript.Usage {
	if !t.used {
		return nil
	}
	u := t.usage
	return &u
}

// complete records the answer and ends the run with its final events.
func (t *turn) complete(c call) {
	r, run := t.r, t.run
	stop := string(c.stop)
	if stop == "" {
		stop = string(provider.StopEnd)
	}
	if !t.ready() {
		if run.acceptErr == nil {
			t.finishAborted(c.text)
		}
		return
	}
	r.appendMessages(run, t.assistant(c.text, nil, stop, c.usage))
	if !r.emitEnd(run) {
		t.finishAborted(c.text)
		return
	}
	o := t.outcome(StatusOK)
	o.StopReason = stop
	<-t.recorded
	r.recordRun(run, transcript.RunInfo{Status: transcript.RunDone, StartedAt: run.startedAt, EndedAt: o.EndedAt}, o.Usage)
	t.observe(Update{Final: true, Text: o.Text, Usage: o.Usage, StopReason: stop})
	r.finish(run, o)
}

// assistant builds an assistant transcript message of this turn's model.
func (t *turn) assistant(text string, calls []provider.ToolCall, stop string, u *transcript.Usage) transcript.Message {
	m := transcript.Message{Role: transcript.RoleAssistant, Timestamp: t.r.nowMs(), API: t.model.API,
		Provider: t.model.Provider, Model: t.model.ID, StopReason: stop, Usage: u}
	if text != "" {
		m.Content = append(m.Content, transcript.Part{Type: transcript.PartText, Text: text})
	}
	for _, c := range calls {
		m.Content = append(m.Content, transcript.Part{Type: transcript.PartToolCall, ID: c.ID, Name: c.Name, Arguments: rawArgs(c.Arguments)})
	}
	return m
}

// outcome is the run's outcome so far with status.
func (t *turn) outcome(status string) Outcome {
	run := t.run
	if t.session == "" && run.acceptErr == nil { // the session was new: read its id now
		if e, ok, err := t.r.d.Transcripts.Get(context.Background(), run.SessionKey); err == nil && ok {
			t.session = e.SessionID
		}
	}
	run.mu.Lock()
	text := run.text
	run.mu.Unlock()
	return Outcome{RunID: run.ID, SessionKey: run.SessionKey, SessionID: t.session, Status: status,
		StartedAt: run.startedAt, EndedAt: t.r.nowMs(), Text: text, Usage: t.runUsage(),
		Provider: t.model.Provider, Model: t.model.ID, ContextWindow: t.model.ContextWindow}
}

// fail ends the run with an error: the lifecycle and chat error events,
// an assistant message carrying the error, the run's record.
func (r *Runtime) fail(t *turn, message string) {
	run := t.run
	if !t.ready() {
		if run.acceptErr == nil {
			t.finishAborted("")
		}
		return
	}
	if run.ctx.Err() != nil {
		t.finishAborted("")
		return
	}
	if t.model.ID != "" {
		m := t.assistant("", nil, string(provider.StopError), nil)
		m.ErrorMessage = message
		r.appendMessages(run, m)
	}
	if !r.emitError(run, message) {
		t.finishAborted("")
		return
	}
	o := t.outcome(StatusError)
	o.Error = message
	<-t.recorded
	r.recordRun(run, transcript.RunInfo{Status: transcript.RunFailed, StartedAt: run.startedAt, EndedAt: o.EndedAt}, o.Usage)
	t.observe(Update{Err: errors.New(message)})
	r.finish(run, o)
}

// finish publishes the run's outcome and lets it go.
func (r *Runtime) finish(run *Run, o Outcome) {
	select {
	case <-run.done:
		return // finished already
	default:
	}
	if o.RunID == "" {
		o.RunID, o.SessionKey = run.ID, run.SessionKey
	}
	if o.EndedAt == 0 {
		o.EndedAt = r.nowMs()
	}
	run.outcome = o
	if r.d.Observer != nil {
		r.d.Observer.RunEnded(o)
	}
	if r.d.Runs != nil && run.req.ToolEvents && run.req.RequesterConn != "" {
		r.d.Runs.EndRun(run.ID)
	}
	r.mu.Lock()
	if run.acceptErr == nil {
		r.runs.finish(run.ID, r.d.Now())
	}
	r.mu.Unlock()
	close(run.done)
	if o.Status == StatusError {
		r.d.Log.Info("agent run failed", "runId", run.ID, "sessionKey", run.SessionKey, "err", o.Error)
	}
}

// rawArgs is a tool call's arguments as JSON, {} when they are not JSON.
func rawArgs(s string) []byte {
	if s == "" || !jsonValid(s) {
		return []byte("{}")
	}
	return []byte(s)
}

// recordRun writes the session's run record; a failure is logged.
func (r *Runtime) recordRun(run *Run, info transcript.RunInfo, u *transcript.Usage) {
	if err := r.d.Transcripts.RecordRun(context.Background(), run.SessionKey, info, u); err != nil {
		r.d.Log.Warn("run record not written", "runId", run.ID, "sessionKey", run.SessionKey, "err", err)
	}
}

// appendMessages writes messages of the run; a failure is logged (the run
// goes on: its events are out already).
func (r *Runtime) appendMessages(run *Run, msgs ...transcript.Message) {
	if err := r.cache.append(context.Background(), r.d.Transcripts, run.SessionKey, msgs...); err != nil {
		r.d.Log.Error("transcript append failed", "runId", run.ID, "sessionKey", run.SessionKey, "err", err)
	}
}
