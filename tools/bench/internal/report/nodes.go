package report

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// DESIGN.md's node command plane targets.
const (
	maxInvokeEchoMultiple = 3.0 // node.invoke p50 within 3× one echo round trip
)

// NodePlane is what the nodes group measured on the gateway.
type NodePlane struct {
	// Invoke holds node.invoke over one operator and over many, one node.
	Invoke []*measure.Calls
	// Idle compares connected nodes with idle operators.
	Idle *measure.NodeIdle
}

// invoke returns the node.invoke figure with conns operators.
func (n *NodePlane) invoke(conns int) *measure.Calls {
	if n == nil {
		return nil
	}
	for _, c := range n.Invoke {
		if c.Conns == conns {
			return c
		}
	}
	return nil
}

// echoRTT is the echo baseline's p50 round trip over conns connections
// in this run (health), or 0.
func (r *Report) echoRTT(conns int) time.Duration {
	if e := r.Echo.calls(protocol.MethodHealth, conns); e != nil {
		return stats.MedianDuration(e.P50)
	}
	return 0
}

// nodeTargets judges the node command plane figures.
func (r *Report) nodeTargets() []targetRow {
	if r.Nodes == nil {
		return nil
	}
	var rows []targetRow
	if one := r.Nodes.invoke(1); one != nil {
		p50, echo := stats.MedianDuration(one.P50), r.echoRTT(1)
		row := targetRow{target: "`node.invoke` p50, 1 operator + 1 node, vs one echo round trip (same run)",
			goal: "≤ 3× echo", measured: dur(p50) + " vs " + dur(echo)}
		if echo > 0 {
			row.measured = fmt.Sprintf("%s× (%s vs %s)", sig(float64(p50)/float64(echo)), dur(p50), dur(echo))
			row.met = verdict(float64(p50) <= maxInvokeEchoMultiple*float64(echo))
		} else {
			row.met = verdictNotMeasured + " (no echo figure in this run)"
		}
		rows = append(rows, row)
	}
	if idle := r.Nodes.Idle; idle != nil {
		node, op := stats.Median(idle.NodePerConn), stats.Median(idle.OperatorPerConn)
		rows = append(rows, targetRow{
			target:   fmt.Sprintf("memory per connected node at %s, vs an idle operator connection", thousands(int64(idle.Conns))),
			goal:     "≤ the idle operator's",
			measured: fmt.Sprintf("%s vs %s", kb(node), kb(op)),
			met:      verdict(node <= op),
		})
	}
	return rows
}

// renderNodes writes the node command plane figures.
func (r *Report) renderNodes(b *bytes.Buffer) {
	if r.Nodes == nil {
		return
	}
	b.WriteString("## Node command plane\n\n")
	if len(r.Nodes.Invoke) > 0 {
		b.WriteString("| `node.invoke` through gatewire to one node and back | req/s | p50 | p99 | server CPU per call | p50 ÷ echo round trip over as many connections |\n|---|---|---|---|---|---|\n")
		for _, c := range r.Nodes.Invoke {
			p50, echo := stats.MedianDuration(c.P50), r.echoRTT(c.Conns)
			multiple := dash
			if echo > 0 {
				multiple = sig(float64(p50)/float64(echo)) + "×"
			}
			fmt.Fprintf(b, "| %s operator(s), 1 node | %s | %s | %s | %s | %s |\n", thousands(int64(c.Conns)),
				rate(stats.Median(c.PerSecond))+spread(c.PerSecond, rate), dur(p50), dur(stats.MedianDuration(c.P99)),
				dur(stats.MedianDuration(c.ServerCPU)), multiple)
		}
		b.WriteString("\nThe echo round trip is the echo baseline's `health` p50 in this run, over one connection and over as many as there are operators. A `node.invoke` is two requests and an event through the gateway (the operator's call, the node.invoke.request event, the node's result) where an echo round trip is one.\n\n")
	}
	if idle := r.Nodes.Idle; idle != nil {
		fmt.Fprintf(b, "| %s connections held | RSS | per connection |\n|---|---|---|\n", thousands(int64(idle.Conns)))
		fmt.Fprintf(b, "| nodes (each its own device, paired silently on loopback) | %s | %s |\n",
			mib(stats.Median(idle.NodeRSS)), kb(stats.Median(idle.NodePerConn))+spread(idle.NodePerConn, kb))
		fmt.Fprintf(b, "| idle operators | %s | %s |\n\n",
			mib(stats.Median(idle.OperatorRSS)), kb(stats.Median(idle.OperatorPerConn))+spread(idle.OperatorPerConn, kb))
	}
}
