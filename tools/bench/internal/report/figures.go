package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// figureRow is one line of the figures table.
type figureRow struct {
	what, gateway, echo, ratio, openclaw string
}

// openclaw holds the reference figures DESIGN.md quotes for OpenClaw
// 2026.9.6 (Node) on this machine; the benchmark does not measure them.
var openclaw = map[string]string{
	"first":                   "≈10 s",
	"idle":                    "≈800 MiB",
	"health/1/rate":           "≈1,200/s",
	"health/1/p50":            "0.78 ms",
	"system-presence/1/rate":  "≈3,500/s",
	"system-presence/50/rate": "≈8,000/s",
}

// figureRows lists every measured figure of both targets.
func (r *Report) figureRows() []figureRow {
	var rows []figureRow
	rows = append(rows, r.startupFigures()...)
	rows = append(rows, r.handshakeFigures()...)
	rows = append(rows, r.callFigures()...)
	rows = append(rows, r.idleFigures()...)
	return rows
}

func (r *Report) startupFigures() []figureRow {
	first := func(t *Target) float64 {
		if t == nil || t.Startup == nil {
			return 0
		}
		return stats.Median(t.Startup.FirstConnect)
	}
	idle := func(t *Target) float64 {
		if t == nil || t.Startup == nil {
			return 0
		}
		return stats.Median(t.Startup.IdleRSS)
	}
	g, e := first(r.Gateway), first(r.Echo)
	gi, ei := idle(r.Gateway), idle(r.Echo)
	if g == 0 && e == 0 {
		return nil
	}
	return []figureRow{
		{"launch to first accepted connect", fdur(g), fdur(e), times(g, e), openclaw["first"]},
		{"RSS idle after start", mib(gi), mib(ei), times(gi, ei), openclaw["idle"]},
	}
}

func (r *Report) handshakeFigures() []figureRow {
	var rows []figureRow
	for _, w := range r.Settings.Workers {
		g, e := r.Gateway.handshakes(w), r.Echo.handshakes(w)
		if g == nil && e == nil {
			continue
		}
		gr, er := handshakeRate(g), handshakeRate(e)
		label := "handshakes, sequential (1 worker)"
		if w > 1 {
			label = "handshakes, " + strconv.Itoa(w) + " concurrent workers"
		}
		rows = append(rows, figureRow{label, rate(gr) + spreadOf(g), rate(er) + spreadOf(e), ratio(gr, er), dash})
	}
	return rows
}

func handshakeRate(h *measure.Handshakes) float64 {
	if h == nil {
		return 0
	}
	return stats.Median(h.PerSecond)
}

func spreadOf(h *measure.Handshakes) string {
	if h == nil {
		return ""
	}
	return spread(h.PerSecond, rate)
}

func (r *Report) callFigures() []figureRow {
	var rows []figureRow
	for _, key := range r.callKeys() {
		g, e := r.Gateway.calls(key.method, key.conns), r.Echo.calls(key.method, key.conns)
		ref := fmt.Sprintf("%s/%d/", key.method, key.conns)
		label := fmt.Sprintf("`%s`, %s", key.method, connsLabel(key.conns))
		gr, er := callRate(g), callRate(e)
		g50, e50 := callLatency(g, 50), callLatency(e, 50)
		g99, e99 := callLatency(g, 99), callLatency(e, 99)
		rows = append(rows,
			figureRow{label + ": req/s", rate(gr), rate(er), ratio(gr, er), orDash(openclaw[ref+"rate"])},
			figureRow{label + ": p50 latency", fdur(g50), fdur(e50), times(g50, e50), orDash(openclaw[ref+"p50"])},
			figureRow{label + ": p99 latency", fdur(g99), fdur(e99), times(g99, e99), dash},
			figureRow{label + ": server CPU per request", fdur(callCPU(g)), fdur(callCPU(e)), times(callCPU(g), callCPU(e)), dash},
			figureRow{label + ": reply size", replySize(g), replySize(e), dash, dash},
		)
	}
	return rows
}

type callKey struct {
	method string
	conns  int
}

// callKeys lists the call measurements of either target, in run order.
func (r *Report) callKeys() []callKey {
	var keys []callKey
	seen := map[callKey]bool{}
	for _, t := range []*Target{r.Gateway, r.Echo} {
		if t == nil {
			continue
		}
		for _, c := range t.Calls {
			k := callKey{c.Method, c.Conns}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func callRate(c *measure.Calls) float64 {
	if c == nil {
		return 0
	}
	return stats.Median(c.PerSecond)
}

// callLatency returns the median over runs of the p50 or p99 latency.
func callLatency(c *measure.Calls, p int) float64 {
	if c == nil {
		return 0
	}
	if p == 50 {
		return stats.Median(c.P50)
	}
	return stats.Median(c.P99)
}

// callCPU returns the median over runs of the server's CPU per call.
func callCPU(c *measure.Calls) float64 {
	if c == nil {
		return 0
	}
	return stats.Median(c.ServerCPU)
}

func replySize(c *measure.Calls) string {
	if c == nil {
		return dash
	}
	return thousands(int64(c.ReplyBytes)) + " B"
}

func (r *Report) idleFigures() []figureRow {
	gi, ei := idleOf(r.Gateway), idleOf(r.Echo)
	if gi == nil && ei == nil {
		return nil
	}
	var rows []figureRow
	for _, n := range r.Settings.IdleSteps {
		g, e := stepOf(gi, n), stepOf(ei, n)
		label := "memory per idle connection at " + thousands(int64(n))
		rows = append(rows,
			figureRow{label, perConn(g), perConn(e), times(perConnBytes(g), perConnBytes(e)), dash},
			figureRow{"RSS with " + thousands(int64(n)) + " idle connections", stepRSS(g), stepRSS(e), dash, dash})
	}
	rows = append(rows, figureRow{"connections opened per second while filling (16 dialers)", rate(dialRate(gi)), rate(dialRate(ei)), ratio(dialRate(gi), dialRate(ei)), dash})
	if gi != nil {
		rows = append(rows, fanoutFigures(gi.Fanout, "")...)
	}
	if own := r.Gateway.ownEntries(); own != nil {
		for _, st := range own.Steps {
			rows = append(rows, figureRow{"memory per idle connection at " + thousands(int64(st.Conns)) + ", own presence entries", kb(st.PerConn), dash, dash, dash})
		}
		rows = append(rows, fanoutFigures(own.Fanout, ", own presence entries")...)
	}
	return rows
}

// fanoutFigures are the rows of one run's presence fan-out.
func fanoutFigures(f *measure.Fanout, setup string) []figureRow {
	if f == nil || len(f.Latency) == 0 {
		return nil
	}
	to := "presence fan-out to " + thousands(int64(f.Conns)) + setup
	return []figureRow{
		{to + ": last connection", dur(stats.MedianDuration(f.Latency)) + spread(f.Latency, dur), "no broadcasts", dash, dash},
		{to + ": median connection", dur(stats.MedianDuration(f.Median)), "no broadcasts", dash, dash},
		{"presence event" + setup, thousands(f.FrameBytes) + " B", dash, dash, dash},
	}
}

// fdur formats a duration held as a float64 number of nanoseconds.
func fdur(x float64) string { return dur(time.Duration(x)) }

func idleOf(t *Target) *measure.Idle {
	if t == nil {
		return nil
	}
	return t.Idle
}

func stepOf(idle *measure.Idle, n int) *measure.IdleStep {
	if idle == nil {
		return nil
	}
	for i := range idle.Steps {
		if idle.Steps[i].Conns == n {
			return &idle.Steps[i]
		}
	}
	return nil
}

func perConnBytes(s *measure.IdleStep) float64 {
	if s == nil {
		return 0
	}
	return s.PerConn
}

func perConn(s *measure.IdleStep) string {
	if s == nil {
		return dash
	}
	return kb(s.PerConn)
}

func stepRSS(s *measure.IdleStep) string {
	if s == nil {
		return dash
	}
	return mib(float64(s.RSS))
}

func dialRate(idle *measure.Idle) float64 {
	if idle == nil {
		return 0
	}
	return idle.DialPerSecond
}

// times formats a/b as a multiple (for latencies and memory, where lower
// is better).
func times(a, b float64) string {
	if a <= 0 || b <= 0 {
		return dash
	}
	return strconv.FormatFloat(a/b, 'f', 2, 64) + "×"
}

func orDash(s string) string {
	if s == "" {
		return dash
	}
	return s
}
