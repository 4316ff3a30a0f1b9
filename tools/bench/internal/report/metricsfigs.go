package report

import (
	"bytes"
	"fmt"
)

// minMetricsShare is issue 12's bar for metrics: recording them must not
// show in the benchmark ratios. A rate with metrics on is held to this
// share of the same rate with metrics off, in the same interleaved run
// (the run-to-run spread on this machine is a few percent).
const minMetricsShare = 0.95

// metricsTargets judges the figures measured with metrics on against the
// same figures with metrics off.
func (r *Report) metricsTargets() []targetRow {
	if r.Gateway == nil || r.GatewayMetrics == nil {
		return nil
	}
	var rows []targetRow
	for _, w := range r.Settings.Workers {
		off, on := handshakeRate(r.Gateway.handshakes(w)), handshakeRate(r.GatewayMetrics.handshakes(w))
		if off > 0 || on > 0 {
			rows = append(rows, metricsRow("handshakes, "+workersLabel(w), on, off))
		}
	}
	for _, c := range r.Gateway.Calls {
		if on := r.GatewayMetrics.calls(c.Method, c.Conns); on != nil {
			rows = append(rows, metricsRow(fmt.Sprintf("throughput, `%s` over %s", c.Method, connsLabel(c.Conns)), callRate(on), callRate(c)))
		}
	}
	return rows
}

// metricsRow is one target row of a rate with metrics on against off.
func metricsRow(what string, on, off float64) targetRow {
	return targetRow{
		target:   what + ", metrics on vs off (issue 12)",
		goal:     "≥ 95% of metrics off",
		measured: fmt.Sprintf("%s (%s vs %s)", ratio(on, off), rate(on), rate(off)),
		met:      verdict(off > 0 && on/off >= minMetricsShare),
	}
}

// metricsFigures lists every figure measured with metrics both off and on.
func (r *Report) metricsFigures() []figureRow {
	if r.Gateway == nil || r.GatewayMetrics == nil {
		return nil
	}
	var rows []figureRow
	for _, w := range r.Settings.Workers {
		off, on := r.Gateway.handshakes(w), r.GatewayMetrics.handshakes(w)
		if off == nil && on == nil {
			continue
		}
		rows = append(rows, figureRow{"handshakes, " + workersLabel(w), rate(handshakeRate(off)) + spreadOf(off),
			rate(handshakeRate(on)) + spreadOf(on), ratio(handshakeRate(on), handshakeRate(off)), ""})
	}
	for _, c := range r.Gateway.Calls {
		on := r.GatewayMetrics.calls(c.Method, c.Conns)
		if on == nil {
			continue
		}
		label := fmt.Sprintf("`%s`, %s", c.Method, connsLabel(c.Conns))
		rows = append(rows,
			figureRow{label + ": req/s", rate(callRate(c)), rate(callRate(on)), ratio(callRate(on), callRate(c)), ""},
			figureRow{label + ": p50 latency", fdur(callLatency(c, 50)), fdur(callLatency(on, 50)), times(callLatency(on, 50), callLatency(c, 50)), ""},
			figureRow{label + ": server CPU per request", fdur(callCPU(c)), fdur(callCPU(on)), times(callCPU(on), callCPU(c)), ""},
		)
	}
	return rows
}

// renderMetrics writes the metrics off vs on table.
func (r *Report) renderMetrics(b *bytes.Buffer) {
	rows := r.metricsFigures()
	if len(rows) == 0 {
		return
	}
	b.WriteString("## Metrics on\n\n")
	b.WriteString("The same gateway measured, in the same interleaved run, with `gateway.metrics.enabled: true` (every handshake and request recorded into its Prometheus registry) beside the figures above, which have metrics off (the default).\n\n")
	b.WriteString("| measurement | metrics off | metrics on | on ÷ off |\n|---|---|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", row.what, row.gateway, row.echo, row.ratio)
	}
	b.WriteString("\nRates: the ratio is a share of the figure with metrics off. Latency and CPU: the ratio is a multiple of it.\n\n")
}
