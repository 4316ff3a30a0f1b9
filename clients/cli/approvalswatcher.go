package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// recheckAfter is how long the watch waits before asking again about an
// approval the gateway still holds past its expiry on this host's clock.
const recheckAfter = time.Second

// watcher is the state of `approvals watch`: the approvals waiting for
// an answer and what has been shown. Only its run loop touches it.
type watcher struct {
	api      *protocol.Client
	out, log io.Writer
	now      func() time.Time
	timeout  time.Duration
	json     bool
	url      string

	queue approvalQueue
	// answered holds the ids this watch resolved until their resolved
	// events, its own answers coming back, arrive.
	answered map[string]bool
	// skew is this host's clock minus the gateway's, as seen on the last
	// exec.approval.requested.
	skew time.Duration
	// prompted is set while a prompt without its line end is on screen.
	prompted bool
	// echoes is set when the input is a terminal, whose echo of a typed
	// line ends the prompt's line.
	echoes bool
	// connects counts the connections made, for the first one's banner.
	connects int
}

func newWatcher(s *settings, cmd *cobra.Command, api *protocol.Client, now func() time.Time) *watcher {
	return &watcher{api: api, out: cmd.OutOrStdout(), log: cmd.ErrOrStderr(), now: now, timeout: s.timeout,
		json: s.json, url: s.shownURL(), answered: map[string]bool{}, echoes: isTerminal(cmd.InOrStdin())}
}

// run handles connections, events, answers and expiries until ctx ends
// or the input does.
func (w *watcher) run(ctx context.Context, connected <-chan struct{}, events <-chan gatewire.Event, lines <-chan string) error {
	expiry := time.NewTimer(time.Hour)
	defer expiry.Stop()
	for {
		w.prompt()
		w.arm(expiry)
		select {
		case <-ctx.Done():
			w.endPrompt()
			return nil
		case <-connected:
			w.resync(ctx)
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			w.event(ev)
		case line, ok := <-lines:
			if !ok {
				w.endPrompt()
				fmt.Fprintln(w.log, "end of input: stopped watching")
				return nil
			}
			if w.echoes {
				w.prompted = false
			}
			w.answer(ctx, line)
		case <-expiry.C:
			w.expire(ctx)
		}
	}
}

// arm sets the timer to the earliest deadline (or far away).
func (w *watcher) arm(t *time.Timer) {
	next, ok := w.queue.nextDeadline()
	if !ok {
		t.Reset(time.Hour)
		return
	}
	t.Reset(max(next.Sub(w.now()), 0))
}

// call bounds one request by --timeout.
func (w *watcher) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, w.timeout)
}

// resync, after each (re)connect, lists what is pending: approvals that
// arrived meanwhile are shown, those gone meanwhile are dropped.
func (w *watcher) resync(ctx context.Context) {
	w.connects++
	cctx, cancel := w.call(ctx)
	listed, err := w.api.ExecApprovalList(cctx, &protocol.ExecApprovalListParams{})
	cancel()
	if err != nil {
		w.logf("could not list the pending approvals: %v", err)
		return
	}
	pending := map[string]bool{}
	for _, a := range *listed {
		pending[a.ID] = true
		if !w.answered[a.ID] {
			w.requested(a, nil)
		}
	}
	for _, id := range w.queue.ids() {
		if !pending[id] {
			w.drop(id, "gone", "is no longer pending (resolved or expired while disconnected)")
		}
	}
	if w.connects == 1 {
		w.logf("watching for exec approvals at %s (%d pending); %s", w.url, len(*listed), answerHelpText)
	} else {
		w.logf("reconnected to %s (%d pending)", w.url, len(*listed))
	}
}

// event handles one exec.approval.* event.
func (w *watcher) event(ev gatewire.Event) {
	switch ev.Name {
	case protocol.EventExecApprovalRequested:
		var a protocol.PendingExecApproval
		if err := ev.Decode(&a); err != nil {
			w.logf("unreadable %s event: %v", ev.Name, err)
			return
		}
		w.skew = w.now().Sub(time.UnixMilli(a.CreatedAtMs))
		w.requested(a, ev.Payload)
	case protocol.EventExecApprovalResolved:
		var r protocol.ExecApprovalResolvedEvent
		if err := ev.Decode(&r); err != nil {
			w.logf("unreadable %s event: %v", ev.Name, err)
			return
		}
		if w.answered[r.ID] {
			delete(w.answered, r.ID)
			return
		}
		if w.queue.find(r.ID) == nil {
			return
		}
		w.dropResolved(r, ev.Payload)
	}
}

// requested adds an approval and shows it, unless it is already held.
func (w *watcher) requested(a protocol.PendingExecApproval, raw []byte) {
	item := &waiting{PendingExecApproval: a, deadline: time.UnixMilli(a.ExpiresAtMs).Add(w.skew)}
	if !w.queue.add(item) {
		return
	}
	w.showRequested(item, raw)
}

// answer acts on one line of input.
func (w *watcher) answer(ctx context.Context, line string) {
	a := parseAnswer(line)
	cur := w.queue.current()
	switch {
	case cur == nil && a != answerNone:
		w.say("nothing is waiting for an answer")
	case cur == nil:
	case a == answerHelp:
		w.say(answerHelpText)
	case a == answerUnknown:
		w.say(fmt.Sprintf("unknown answer %q; %s", line, answerHelpText))
	case a == answerSkip:
		w.queue.skip()
	default:
		if d, ok := a.decision(); ok {
			w.resolve(ctx, cur, d)
		}
	}
}

// resolve sends a decision for item. A decision the gateway refuses (for
// example allow-always where the policy asks every time) leaves the
// approval waiting, with the gateway's message.
func (w *watcher) resolve(ctx context.Context, item *waiting, d protocol.ExecApprovalDecision) {
	cctx, cancel := w.call(ctx)
	_, err := w.api.ExecApprovalResolve(cctx, &protocol.ExecApprovalResolveParams{ID: item.ID, Decision: string(d)})
	cancel()
	var we *wire.Error
	switch {
	case err == nil:
		w.answered[item.ID] = true
		w.queue.remove(item.ID)
		w.showAnswered(item.ID, d)
	case errors.As(err, &we) && isGone(err):
		w.drop(item.ID, "gone", "is no longer pending: "+we.Message)
	case errors.As(err, &we):
		w.showRefused(item.ID, d, we.Message)
	default:
		w.showRefused(item.ID, d, fmt.Sprintf("the answer was not delivered (%v); it is still waiting", err))
	}
}

// isGone reports whether a resolve or get failed because the approval is
// no longer pending.
func isGone(err error) bool {
	switch gatewire.Details(err).Reason {
	case "APPROVAL_NOT_FOUND", "APPROVAL_ALREADY_RESOLVED":
		return true
	}
	return false
}

// expire asks the gateway about each approval past its deadline: one it
// no longer holds has expired; one it still holds (its clock is behind)
// is asked about again a little later.
func (w *watcher) expire(ctx context.Context) {
	for _, item := range w.queue.due(w.now()) {
		cctx, cancel := w.call(ctx)
		_, err := w.api.ExecApprovalGet(cctx, &protocol.ExecApprovalGetParams{ID: item.ID})
		cancel()
		if err != nil && isGone(err) {
			w.drop(item.ID, "expired", "expired without an answer")
			continue
		}
		item.deadline = w.now().Add(recheckAfter)
	}
}
