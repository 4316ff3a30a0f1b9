package report

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// minV4Share is issue 10's bar: every figure measured with protocol 4
// clients is at least this share of the same figure with protocol 3
// clients, in the same interleaved run.
const minV4Share = 0.95

// versionTargets judges the protocol 4 figures against the protocol 3
// ones: handshake and request rates.
func (r *Report) versionTargets() []targetRow {
	if r.Gateway == nil || r.GatewayV4 == nil {
		return nil
	}
	var rows []targetRow
	for _, w := range r.Settings.Workers {
		v3, v4 := handshakeRate(r.Gateway.handshakes(w)), handshakeRate(r.GatewayV4.handshakes(w))
		if v3 > 0 || v4 > 0 {
			rows = append(rows, versionRow("handshakes, "+workersLabel(w), v4, v3))
		}
	}
	for _, c := range r.Gateway.Calls {
		v4 := r.GatewayV4.calls(c.Method, c.Conns)
		if v4 != nil {
			rows = append(rows, versionRow(fmt.Sprintf("throughput, `%s` over %s", c.Method, connsLabel(c.Conns)), callRate(v4), callRate(c)))
		}
	}
	return rows
}

// versionRow is one target row of a protocol 4 rate against protocol 3.
func versionRow(what string, v4, v3 float64) targetRow {
	return targetRow{
		target:   what + ", protocol 4 clients vs protocol 3 clients (issue 10)",
		goal:     "≥ 95% of protocol 3",
		measured: fmt.Sprintf("%s (%s vs %s)", ratio(v4, v3), rate(v4), rate(v3)),
		met:      verdict(v3 > 0 && v4/v3 >= minV4Share),
	}
}

// workersLabel names a handshake figure's concurrency.
func workersLabel(w int) string {
	if w == 1 {
		return "sequential (1 worker)"
	}
	return strconv.Itoa(w) + " concurrent workers"
}

// versionFigures lists every figure measured with both client versions.
func (r *Report) versionFigures() []figureRow {
	if r.Gateway == nil || r.GatewayV4 == nil {
		return nil
	}
	var rows []figureRow
	for _, w := range r.Settings.Workers {
		v3, v4 := r.Gateway.handshakes(w), r.GatewayV4.handshakes(w)
		if v3 == nil && v4 == nil {
			continue
		}
		rows = append(rows, figureRow{"handshakes, " + workersLabel(w), rate(handshakeRate(v3)) + spreadOf(v3),
			rate(handshakeRate(v4)) + spreadOf(v4), ratio(handshakeRate(v4), handshakeRate(v3)), ""})
	}
	for _, c := range r.Gateway.Calls {
		v4 := r.GatewayV4.calls(c.Method, c.Conns)
		if v4 == nil {
			continue
		}
		label := fmt.Sprintf("`%s`, %s", c.Method, connsLabel(c.Conns))
		rows = append(rows,
			figureRow{label + ": req/s", rate(callRate(c)), rate(callRate(v4)), ratio(callRate(v4), callRate(c)), ""},
			figureRow{label + ": p50 latency", fdur(callLatency(c, 50)), fdur(callLatency(v4, 50)), times(callLatency(v4, 50), callLatency(c, 50)), ""},
			figureRow{label + ": server CPU per request", fdur(callCPU(c)), fdur(callCPU(v4)), times(callCPU(v4), callCPU(c)), ""},
			figureRow{label + ": reply size", replySize(c), replySize(v4), dash, ""},
		)
	}
	return append(rows, r.versionIdleFigures()...)
}

// versionIdleFigures compares the idle runs of both client versions.
func (r *Report) versionIdleFigures() []figureRow {
	v3, v4 := idleOf(r.Gateway), idleOf(r.GatewayV4)
	if v3 == nil || v4 == nil {
		return nil
	}
	var rows []figureRow
	for _, n := range r.Settings.IdleSteps {
		a, b := stepOf(v3, n), stepOf(v4, n)
		rows = append(rows, figureRow{"memory per idle connection at " + thousands(int64(n)), perConn(a), perConn(b),
			times(perConnBytes(b), perConnBytes(a)), ""})
	}
	if v3.Fanout != nil && v4.Fanout != nil && len(v3.Fanout.Latency) > 0 && len(v4.Fanout.Latency) > 0 {
		a, b := stats.MedianDuration(v3.Fanout.Latency), stats.MedianDuration(v4.Fanout.Latency)
		rows = append(rows,
			figureRow{"presence fan-out to " + thousands(int64(v3.Fanout.Conns)) + ": last connection", dur(a), dur(b), times(float64(b), float64(a)), ""},
			figureRow{"presence event", thousands(v3.Fanout.FrameBytes) + " B", thousands(v4.Fanout.FrameBytes) + " B", dash, ""})
	}
	return rows
}

// renderVersions writes the protocol 3 vs protocol 4 clients table.
func (r *Report) renderVersions(b *bytes.Buffer) {
	rows := r.versionFigures()
	if len(rows) == 0 {
		return
	}
	b.WriteString("## Protocol 4 clients\n\n")
	b.WriteString("The same gateway measured, in the same interleaved run, with clients that connect at protocol 4 (`minProtocol` = `maxProtocol` = 4) beside the figures above, whose clients connect at protocol 3.\n\n")
	b.WriteString("| measurement | protocol 3 clients | protocol 4 clients | 4 ÷ 3 |\n|---|---|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", row.what, row.gateway, row.echo, row.ratio)
	}
	b.WriteString("\nRates: the ratio is a share of the protocol 3 figure. Latency, CPU and memory: the ratio is a multiple of it.\n\n")
}
