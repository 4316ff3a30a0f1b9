package main

import (
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"github.com/gatewire/gatewire/tools/bench/internal/report"
	"github.com/gatewire/gatewire/tools/bench/internal/target"
)

// callCases are the request-response figures: each method on one
// connection (latency) and on many (aggregate throughput).
var callCases = []struct{ method, params string }{
	{protocol.MethodHealth, `{}`},
	{protocol.MethodSystemPresence, `{}`},
}

// measureAll runs every selected group, one server after the other for
// each group, so the targets see similar machine conditions. Handshakes
// and calls take turns round by round (see interleaved).
func measureAll(o options, benches []bench) error {
	if o.selected(groupHandshakes) {
		if err := measureHandshakes(o, benches); err != nil {
			return err
		}
	}
	if o.selected(groupCalls) {
		if err := measureCalls(o, benches); err != nil {
			return err
		}
	}
	steps := []struct {
		group string
		fn    func(bench) error
	}{
		{groupStartup, func(b bench) (err error) {
			b.result.Startup, err = b.env.MeasureStartup(report.StartupLaunches(o.runs))
			return err
		}},
		{groupIdle, func(b bench) error { return measureIdle(o, b) }},
		{groupNodes, func(b bench) error { return measureNodes(o, b) }},
		{groupHistory, func(b bench) error { return measureHistory(o, b) }},
		{groupAgent, func(b bench) error { return measureAgent(o, b) }},
	}
	for _, s := range steps {
		if !o.selected(s.group) {
			continue
		}
		for _, b := range benches {
			if !b.measures(s.group) {
				continue
			}
			if err := s.fn(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// interleaved runs o.runs rounds of one figure, each round on every
// bench that measures group in turn (round 1 on each, then round 2 …),
// so that a change in the machine's load over the minutes of a run
// reaches every target alike.
func interleaved(o options, benches []bench, group string, round func(bench) error) error {
	for range o.runs {
		for _, b := range benches {
			if !b.measures(group) {
				continue
			}
			if err := round(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// measureHandshakes runs the handshake rounds of every worker count, each
// round on a fresh server process.
func measureHandshakes(o options, benches []bench) error {
	return interleaved(o, benches, groupHandshakes, func(b bench) error {
		res, err := b.env.MeasureHandshakes(o.workers, 1, o.duration)
		if err != nil {
			return err
		}
		b.result.Handshakes = mergeHandshakes(b.result.Handshakes, res)
		return nil
	})
}

// measureCalls runs every call case on one and on o.conns connections,
// each round on a fresh server process.
func measureCalls(o options, benches []bench) error {
	for _, conns := range []int{1, o.conns} {
		for _, c := range callCases {
			err := interleaved(o, benches, groupCalls, func(b bench) error {
				res, err := b.env.MeasureCalls(c.method, c.params, conns, 1, o.duration)
				if err != nil {
					return err
				}
				b.result.Calls = mergeCalls(b.result.Calls, res)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// measureIdle runs the idle connections of one server. For the gateway a
// second run at the largest count gives every connection its own
// presence entry, so the presence list is at its 200-entry cap and the
// fan-out carries the largest presence event.
func measureIdle(o options, b bench) (err error) {
	env := withTicks(b.env, o.tickMs)
	b.result.Idle, err = env.MeasureIdle(idleOptions(o, b.events, o.idleSteps))
	if err != nil || !b.events || !o.ownEntries || b.groups != nil {
		return err
	}
	own := *env
	own.InstanceID = ""
	b.result.IdleOwnEntries, err = own.MeasureIdle(idleOptions(o, true, o.idleSteps[len(o.idleSteps)-1:]))
	return err
}

// idleOptions configures an idle run.
func idleOptions(o options, events bool, steps []int) measure.IdleOptions {
	return measure.IdleOptions{
		Steps: steps, Events: events,
		TickInterval: time.Duration(o.tickMs) * time.Millisecond, FanoutRuns: o.fanoutRuns,
	}
}

// withTicks returns env with a gateway launcher that configures the tick
// interval (other launchers are returned unchanged).
func withTicks(env *measure.Env, tickMs int64) *measure.Env {
	g, ok := env.Launcher.(target.Gateway)
	if !ok {
		return env
	}
	g.TickIntervalMs = tickMs
	out := *env
	out.Launcher = g
	return &out
}

// measureNodes runs the node command plane figures on the gateway (the
// echo baseline has no nodes): node.invoke with one operator and with
// o.conns, and the memory of o.nodeIdle connected nodes.
func measureNodes(o options, b bench) error {
	if b.nodes == nil {
		return nil
	}
	for _, operators := range []int{1, o.conns} {
		res, err := b.env.MeasureNodeInvoke(operators, o.runs, o.duration)
		if err != nil {
			return err
		}
		b.nodes.Invoke = append(b.nodes.Invoke, res)
	}
	idle, err := b.env.MeasureNodeIdle(o.nodeIdle, o.runs)
	b.nodes.Idle = idle
	return err
}

// historyMessages is the length of the session the history group reads.
const historyMessages = 10_000

// historyLimits are the chat.history limits measured: v3's default first
// (the one DESIGN.md's target judges), then its maximum.
var historyLimits = []int{200, 1000}

// measureHistory runs chat.history of a long session on the gateway
// (the echo baseline has no transcripts).
func measureHistory(o options, b bench) error {
	if b.history == nil {
		return nil
	}
	reads, err := b.env.MeasureHistory(historyMessages, historyLimits, o.runs, o.duration)
	b.history.Messages, b.history.Limits, b.history.Reads = historyMessages, historyLimits, reads
	return err
}

// measureAgent runs the agent runtime figures on the gateway (the echo
// baseline has no agent).
func measureAgent(o options, b bench) error {
	if b.agent == nil {
		return nil
	}
	ao := o.agent
	ao.Runs = o.runs
	res, err := b.env.MeasureAgent(ao)
	if err != nil {
		return err
	}
	*b.agent = *res
	return nil
}
