package agent

import "context"

// Reply answers req locally with text instead of a model turn (a slash
// command's answer). Like Start it registers req.RunID first (a known id
// returns the existing run and sends nothing); unlike Start it neither
// queues behind the session's run nor records anything. Once req.Gate is
// closed it sends the events of a one-delta answer (lifecycle start, the
// assistant text as a delta, lifecycle end and chat final) and ends the
// run with status ok.
func (r *Runtime) Reply(ctx context.Context, req StartRequest, text string) (run *Run, existing bool, err error) {
	run, existing, err = r.register(ctx, req, nil)
	if err != nil || existing {
		return run, existing, err
	}
	close(run.accepted)
	go r.answer(run, text)
	return run, false, nil
}

// answer sends a local answer's events and ends its run.
func (r *Runtime) answer(run *Run, text string) {
	defer run.cancel()
	if run.req.Gate != nil {
		<-run.req.Gate
	}
	t := &turn{r: r, run: run}
	if r.emitStart(run) {
		if text != "" {
			r.emitDelta(run, text)
		}
		r.emitEnd(run)
	}
	o := t.outcome(StatusOK)
	o.StopReason = "stop"
	t.observe(Update{Final: true, Text: text, StopReason: "stop"})
	r.finish(run, o)
}
