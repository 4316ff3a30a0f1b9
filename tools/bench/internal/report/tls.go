package report

import (
	"bytes"
	"fmt"
)

// tlsFigures lists every figure measured both over ws:// and wss://.
func (r *Report) tlsFigures() []figureRow {
	if r.Gateway == nil || r.GatewayTLS == nil {
		return nil
	}
	var rows []figureRow
	for _, w := range r.Settings.Workers {
		ws, wss := r.Gateway.handshakes(w), r.GatewayTLS.handshakes(w)
		if ws == nil && wss == nil {
			continue
		}
		rows = append(rows, figureRow{"handshakes, " + workersLabel(w), rate(handshakeRate(ws)) + spreadOf(ws),
			rate(handshakeRate(wss)) + spreadOf(wss), ratio(handshakeRate(wss), handshakeRate(ws)), ""})
	}
	for _, c := range r.Gateway.Calls {
		s := r.GatewayTLS.calls(c.Method, c.Conns)
		if s == nil {
			continue
		}
		label := fmt.Sprintf("`%s`, %s", c.Method, connsLabel(c.Conns))
		rows = append(rows,
			figureRow{label + ": req/s", rate(callRate(c)), rate(callRate(s)), ratio(callRate(s), callRate(c)), ""},
			figureRow{label + ": p50 latency", fdur(callLatency(c, 50)), fdur(callLatency(s, 50)), times(callLatency(s, 50), callLatency(c, 50)), ""},
			figureRow{label + ": server CPU per request", fdur(callCPU(c)), fdur(callCPU(s)), times(callCPU(s), callCPU(c)), ""},
		)
	}
	a, b := idleOf(r.Gateway), idleOf(r.GatewayTLS)
	if a != nil && b != nil {
		for _, n := range r.Settings.IdleSteps {
			x, y := stepOf(a, n), stepOf(b, n)
			rows = append(rows, figureRow{"memory per idle connection at " + thousands(int64(n)), perConn(x), perConn(y),
				times(perConnBytes(y), perConnBytes(x)), ""})
		}
	}
	return rows
}

// renderTLS writes the ws:// vs wss:// table.
func (r *Report) renderTLS(b *bytes.Buffer) {
	rows := r.tlsFigures()
	if len(rows) == 0 {
		return
	}
	b.WriteString("## TLS\n\n")
	b.WriteString("The same gateway measured, in the same interleaved run, over `wss://` (`gateway.tls` with a generated ECDSA P-256 certificate, TLS 1.3) beside the `ws://` figures above; protocol 3 clients in both. A TLS handshake is a new TCP connection, a TLS 1.3 key exchange and the WebSocket upgrade.\n\n")
	b.WriteString("| measurement | ws:// | wss:// | wss ÷ ws |\n|---|---|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", row.what, row.gateway, row.echo, row.ratio)
	}
	b.WriteString("\nRates: the ratio is a share of the ws:// figure. Latency, CPU and memory: the ratio is a multiple of it.\n\n")
}
