// Package report turns the benchmark's measurements into BENCHMARKS.md:
// the machine, a verdict per DESIGN.md target, every figure for gatewire
// next to the raw echo baseline with their ratio, the reference numbers
// DESIGN.md quotes for OpenClaw, and how each figure was measured. A
// hand-written section after NotesMarker in an existing file is kept.
package report

import (
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/gobench"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
)

// Report is everything one benchmark run measured.
type Report struct {
	Machine  Machine
	Settings Settings
	// Gateway and Echo are the two targets' results (nil when skipped).
	Gateway, Echo *Target
	// GatewayV4 is the gateway measured again, in the same run, with
	// clients that speak protocol 4 (handshakes, calls and idle; nil when
	// skipped). Gateway's clients speak protocol 3.
	GatewayV4 *Target
	// GatewayTLS is the gateway measured again, in the same run, over
	// wss:// (gateway.tls with a generated certificate; handshakes, calls
	// and idle; nil when skipped), with protocol 3 clients as Gateway.
	GatewayTLS *Target
	// GatewayMetrics is the gateway measured again, in the same run, with
	// gateway.metrics.enabled (handshakes and calls, protocol 3 clients;
	// nil when skipped).
	GatewayMetrics *Target
	// Nodes is the node command plane on the gateway (nil when skipped).
	Nodes *NodePlane
	// History is chat.history of a long session (nil when skipped).
	History *History
	// Agent is the agent runtime on the gateway (nil when skipped).
	Agent *measure.Agent
	// Generator holds the protocol-gen benchmarks; GeneratorErr says
	// why they are missing.
	Generator    []gobench.Result
	GeneratorErr string
	// Took is the wall time of the whole run.
	Took time.Duration
}

// Settings are the knobs a run used.
type Settings struct {
	Runs           int
	Duration       time.Duration
	Conns          int
	IdleSteps      []int
	TickIntervalMs int64
	Workers        []int
	// Sources is the number of loopback addresses the client dialed from.
	Sources int
	// NodeIdle is the number of node connections held in the nodes group.
	NodeIdle int
	Only     string
}

// Target is what was measured for one server.
type Target struct {
	Startup    *measure.Startup
	Handshakes []measure.Handshakes
	Calls      []*measure.Calls
	Idle       *measure.Idle
	// IdleOwnEntries is the idle run in which every connection has its
	// own presence entry (the gateway only).
	IdleOwnEntries *measure.Idle
}

// calls returns the call measurement of method over conns connections.
func (t *Target) calls(method string, conns int) *measure.Calls {
	if t == nil {
		return nil
	}
	for _, c := range t.Calls {
		if c.Method == method && c.Conns == conns {
			return c
		}
	}
	return nil
}

// handshakes returns the handshake measurement with workers workers.
func (t *Target) handshakes(workers int) *measure.Handshakes {
	if t == nil {
		return nil
	}
	for i := range t.Handshakes {
		if t.Handshakes[i].Workers == workers {
			return &t.Handshakes[i]
		}
	}
	return nil
}

// ownEntries returns the idle run with a presence entry per connection.
func (t *Target) ownEntries() *measure.Idle {
	if t == nil {
		return nil
	}
	return t.IdleOwnEntries
}
