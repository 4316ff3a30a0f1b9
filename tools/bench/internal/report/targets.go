package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/gobench"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// DESIGN.md's targets.
const (
	minThroughputShare = 0.60
	maxFirstConnect    = 100 * time.Millisecond
	maxIdleRSS         = 30 << 20
	maxPerConnBytes    = 12_000
	heldConns          = 10_000
	maxFanout          = 250 * time.Millisecond
	maxShutdown        = 2 * time.Second
	maxRegenerate      = 2 * time.Second
	maxTypesLargeDoc   = 10 * time.Second
	verdictMet         = "yes"
	verdictMissed      = "**no**"
	verdictNotMeasured = "not measured"
)

// The protocol-gen benchmarks the report judges against DESIGN.md.
const (
	benchGenerate      = "BenchmarkGenerateProtocol"
	benchTypesLargeDoc = "BenchmarkTypesLargeDocument"
)

// GeneratorBenchmarks are the protocol-gen benchmarks to run for the
// report, in the order it lists them.
var GeneratorBenchmarks = []string{benchGenerate, benchTypesLargeDoc}

// targetRow is one line of the targets table.
type targetRow struct {
	target, goal, measured, met string
}

func verdict(ok bool) string {
	if ok {
		return verdictMet
	}
	return verdictMissed
}

// targetRows evaluates every DESIGN.md target the run measured.
func (r *Report) targetRows() []targetRow {
	var rows []targetRow
	rows = append(rows, r.throughputTargets()...)
	rows = append(rows, r.versionTargets()...)
	rows = append(rows, r.metricsTargets()...)
	rows = append(rows, r.startupTargets()...)
	rows = append(rows, r.idleTargets()...)
	rows = append(rows, r.nodeTargets()...)
	rows = append(rows, r.historyTargets()...)
	rows = append(rows, r.agentTargets()...)
	rows = append(rows, r.generatorTargets()...)
	return rows
}

func (r *Report) throughputTargets() []targetRow {
	if r.Gateway == nil || r.Echo == nil {
		return nil
	}
	var rows []targetRow
	for _, g := range r.Gateway.Calls {
		e := r.Echo.calls(g.Method, g.Conns)
		if e == nil {
			continue
		}
		gr, er := stats.Median(g.PerSecond), stats.Median(e.PerSecond)
		rows = append(rows, targetRow{
			target:   fmt.Sprintf("throughput, `%s` over %s, vs echo", g.Method, connsLabel(g.Conns)),
			goal:     "≥ 60% of echo",
			measured: fmt.Sprintf("%s (%s vs %s)", ratio(gr, er), rate(gr), rate(er)),
			met:      verdict(er > 0 && gr/er >= minThroughputShare),
		})
	}
	return rows
}

func (r *Report) startupTargets() []targetRow {
	if r.Gateway == nil || r.Gateway.Startup == nil {
		return nil
	}
	s := r.Gateway.Startup
	first := stats.MedianDuration(s.FirstConnect)
	idle := stats.Median(s.IdleRSS)
	return []targetRow{
		{"launch to first accepted connect", "< 100 ms", dur(first), verdict(first < maxFirstConnect)},
		{"RSS idle after start", "< 30 MiB", mib(idle), verdict(idle < maxIdleRSS)},
	}
}

func (r *Report) idleTargets() []targetRow {
	if r.Gateway == nil || r.Gateway.Idle == nil {
		return nil
	}
	idle := r.Gateway.Idle
	var rows []targetRow
	for _, st := range idle.Steps {
		rows = append(rows, targetRow{
			target:   "memory per idle connection at " + thousands(int64(st.Conns)),
			goal:     "≤ 12 KB",
			measured: kb(st.PerConn),
			met:      verdict(st.PerConn <= maxPerConnBytes),
		})
	}
	rows = append(rows, ticksTarget(idle), fanoutTarget(idle.Fanout, "one shared presence entry"))
	if own := r.Gateway.IdleOwnEntries; own != nil {
		rows = append(rows, fanoutTarget(own.Fanout, "every connection its own presence entry, 200-entry list"))
	}
	return append(rows, shutdownTarget(idle))
}

func ticksTarget(idle *measure.Idle) targetRow {
	row := targetRow{target: "10,000 connections held with ticks flowing", goal: "all held, every one ticked"}
	t := idle.Ticks
	if t == nil {
		row.measured, row.met = dash, verdictNotMeasured
		return row
	}
	row.measured = fmt.Sprintf("%s/%s got a tick within %s; %d closed by the server", thousands(int64(t.Reached)), thousands(int64(t.Conns)), dur(t.Window), idle.Dropped)
	if t.AllWithin > 0 {
		row.measured = fmt.Sprintf("%s/%s ticked (all within %s); %d closed by the server", thousands(int64(t.Reached)), thousands(int64(t.Conns)), dur(t.AllWithin), idle.Dropped)
	}
	row.met = verdict(t.Conns >= heldConns && t.Reached == t.Conns && idle.Dropped == 0)
	if t.Conns < heldConns {
		row.met = "not measured at 10,000 (ran " + thousands(int64(t.Conns)) + ")"
	}
	return row
}

func fanoutTarget(f *measure.Fanout, setup string) targetRow {
	row := targetRow{target: "presence event delivered to every connection (" + setup + ")", goal: "≤ 250 ms"}
	if f == nil || len(f.Latency) == 0 {
		row.measured, row.met = dash, verdictNotMeasured
		return row
	}
	row.target = fmt.Sprintf("presence event delivered to every connection (%s; %s B event)", setup, thousands(f.FrameBytes))
	all := true
	for _, d := range f.Delivered {
		all = all && d == f.Conns
	}
	last := stats.MedianDuration(f.Latency)
	row.measured = fmt.Sprintf("%s to the last of %s (median of %d broadcasts)", dur(last), thousands(int64(f.Conns)), len(f.Latency))
	if !all {
		row.measured += fmt.Sprintf("; delivered to %v", f.Delivered)
	}
	row.met = verdict(all && last <= maxFanout && f.Conns >= heldConns)
	if f.Conns < heldConns {
		row.met = "not measured at 10,000 (ran " + thousands(int64(f.Conns)) + ")"
	}
	return row
}

func shutdownTarget(idle *measure.Idle) targetRow {
	n := 0
	if len(idle.Steps) > 0 {
		n = idle.Steps[len(idle.Steps)-1].Conns
	}
	return targetRow{
		target:   "SIGTERM with " + thousands(int64(n)) + " connections open (issue: exit 0 within 2 s)",
		goal:     "exit 0, < 2 s",
		measured: dur(idle.Shutdown) + ", exit " + map[bool]string{true: "0", false: "non-zero or killed"}[idle.ShutdownClean],
		met:      verdict(idle.ShutdownClean && idle.Shutdown < maxShutdown),
	}
}

func (r *Report) generatorTargets() []targetRow {
	var rows []targetRow
	goals := []struct {
		name, target, goal string
		limit              time.Duration
	}{
		{benchGenerate, "regenerating `gen/` (`" + benchGenerate + "`)", "< 2 s", maxRegenerate},
		{benchTypesLargeDoc, "`protocol-gen types` on a ~4 MB, ~900-definition document (`" + benchTypesLargeDoc + "`)", "< 10 s", maxTypesLargeDoc},
	}
	for _, g := range goals {
		res := r.generator(g.name)
		row := targetRow{target: g.target, goal: g.goal}
		switch {
		case res == nil && r.GeneratorErr == "" && len(r.Generator) == 0:
			continue // the generator benchmarks were not selected
		case res == nil || len(res.PerOp) == 0:
			row.measured, row.met = "benchmark not found", verdictNotMeasured
		default:
			row.measured = dur(res.Median()) + " per run (" + strconv.Itoa(len(res.PerOp)) + " counts)"
			row.met = verdict(res.Median() < g.limit)
		}
		rows = append(rows, row)
	}
	return rows
}

// generator returns the named generator benchmark result.
func (r *Report) generator(name string) *gobench.Result {
	for i := range r.Generator {
		if r.Generator[i].Name == name {
			return &r.Generator[i]
		}
	}
	return nil
}

func connsLabel(n int) string {
	if n == 1 {
		return "1 connection"
	}
	return thousands(int64(n)) + " connections"
}
