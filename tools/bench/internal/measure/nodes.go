package measure

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/tools/bench/internal/client"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// MeasureNodeInvoke starts a fresh gateway, connects one node that
// answers every invoke at once, and runs runs rounds of d in which the
// given number of operators call node.invoke on it in a closed loop (each
// with one call in flight, every call with its own idempotency key). The
// figures are those of MeasureCalls, under the method node.invoke.
func (e *Env) MeasureNodeInvoke(operators, runs int, d time.Duration) (*Calls, error) {
	s, err := e.launch()
	if err != nil {
		return nil, err
	}
	defer s.stop()
	node, nodeID, err := e.openNode(s)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = node.ServeInvokes(ctx, nodeID) }()
	defer node.CloseNow()
	cs, err := openConns(s, operators)
	if err != nil {
		return nil, err
	}
	defer closeAll(cs)
	out := &Calls{Method: protocol.MethodNodeInvoke, Conns: operators}
	for i := range runs {
		if _, err := invokeRound(cs, nodeID, i, "warm", callsWarmup); err != nil {
			return nil, err
		}
		cpuBefore, err := s.proc.CPUTime()
		if err != nil {
			return nil, err
		}
		lat, err := invokeRound(cs, nodeID, i, "run", d)
		if err != nil {
			return nil, fmt.Errorf("%s node.invoke: %w (%v)", e.Name(), err, s.proc.Failure())
		}
		cpuAfter, err := s.proc.CPUTime()
		if err != nil {
			return nil, err
		}
		rate := float64(len(lat)) / d.Seconds()
		p50, p99 := stats.Percentile(lat, 50), stats.Percentile(lat, 99)
		cpu := (cpuAfter - cpuBefore) / time.Duration(max(len(lat), 1))
		out.PerSecond, out.P50, out.P99 = append(out.PerSecond, rate), append(out.P50, p50), append(out.P99, p99)
		out.ServerCPU = append(out.ServerCPU, cpu)
		e.logf("%s node.invoke, %d operator(s) and 1 node, run %d/%d: %.0f req/s, p50 %v, p99 %v, server CPU %v per call",
			e.Name(), operators, i+1, runs, rate, p50, p99, cpu)
	}
	return out, nil
}

// openNode connects one node with a fresh device identity.
func (e *Env) openNode(s *server) (*client.Conn, string, error) {
	id, err := deviceauth.NewIdentity(time.Now())
	if err != nil {
		return nil, "", err
	}
	d, err := e.dialer(s.proc, nil)
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := d.DialNode(ctx, e.Token, id)
	if err != nil {
		return nil, "", err
	}
	return c, id.DeviceID, nil
}

// invokeRound runs every operator's invoke loop for d; keys are unique
// per round (tag, run) and operator.
func invokeRound(cs []*client.Conn, nodeID string, run int, tag string, d time.Duration) ([]time.Duration, error) {
	return loopRound(cs, d, func(ctx context.Context, i int, c *client.Conn, stop time.Time) ([]time.Duration, error) {
		prefix := tag + strconv.Itoa(run) + "-" + strconv.Itoa(i) + "-"
		return invokeLoop(ctx, c, nodeID, prefix, stop)
	})
}

// invokeLoop calls node.invoke until stop and records each call's
// latency.
func invokeLoop(ctx context.Context, c *client.Conn, nodeID, keyPrefix string, stop time.Time) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, 1<<13)
	head := `{"nodeId":"` + nodeID + `","command":"` + client.NodeCommand + `","params":{"bins":["git"]},"idempotencyKey":"` + keyPrefix
	for n := 0; ; n++ {
		start := time.Now()
		if !start.Before(stop) {
			return lat, nil
		}
		if _, err := c.Call(ctx, protocol.MethodNodeInvoke, head+strconv.Itoa(n)+`"}`); err != nil {
			return nil, err
		}
		if end := time.Now(); end.Before(stop) {
			lat = append(lat, end.Sub(start))
		}
	}
}

// NodeIdle compares the memory of connected nodes with that of idle
// operators: each kind on its own fresh gateway, Conns connections of it,
// once per run.
type NodeIdle struct {
	Conns int
	// NodePerConn and OperatorPerConn are, per run, (RSS with the
	// connections − RSS before them) ÷ Conns, in bytes.
	NodePerConn, OperatorPerConn []float64
	// NodeRSS and OperatorRSS are, per run, the servers' memory with the
	// connections open.
	NodeRSS, OperatorRSS []int64
}

// MeasureNodeIdle opens n node connections (each with its own device,
// paired silently as it connects) on one gateway, and n idle operator
// connections on another, and reads each server's memory; runs times,
// the two kinds taking turns.
func (e *Env) MeasureNodeIdle(n, runs int) (*NodeIdle, error) {
	out := &NodeIdle{Conns: n}
	for i := range runs {
		rss, per, err := e.idleKind(n, true)
		if err != nil {
			return nil, err
		}
		out.NodeRSS, out.NodePerConn = append(out.NodeRSS, rss), append(out.NodePerConn, per)
		if rss, per, err = e.idleKind(n, false); err != nil {
			return nil, err
		}
		out.OperatorRSS, out.OperatorPerConn = append(out.OperatorRSS, rss), append(out.OperatorPerConn, per)
		e.logf("%s, run %d/%d: %d nodes %.1f KiB per connection; %d idle operators %.1f KiB per connection",
			e.Name(), i+1, runs, n, out.NodePerConn[i]/1024, n, out.OperatorPerConn[i]/1024)
	}
	return out, nil
}

// idleKind opens n connections of one kind on a fresh server and returns
// its memory and the memory per connection.
func (e *Env) idleKind(n int, nodes bool) (rss int64, perConn float64, err error) {
	s, err := e.launch()
	if err != nil {
		return 0, 0, err
	}
	defer s.stop()
	time.Sleep(idleSettle)
	base, err := s.proc.RSS()
	if err != nil {
		return 0, 0, err
	}
	scopes := readScopes
	if nodes {
		scopes = nil
	}
	d, err := e.dialer(s.proc, scopes)
	if err != nil {
		return 0, 0, err
	}
	f := &fleet{}
	defer f.close()
	dial := func(ctx context.Context) (*client.Conn, error) { return d.Dial(ctx) }
	if nodes {
		dial = func(ctx context.Context) (*client.Conn, error) {
			id, err := deviceauth.NewIdentity(time.Now())
			if err != nil {
				return nil, err
			}
			return d.DialNode(ctx, e.Token, id)
		}
	}
	if err := f.growWith(dial, n); err != nil {
		return 0, 0, fmt.Errorf("%s: opening connection %d: %w (%v)", e.Name(), len(f.conns)+1, err, s.proc.Failure())
	}
	time.Sleep(stepSettle)
	if rss, err = settledRSS(s); err != nil {
		return 0, 0, err
	}
	if dropped := f.closedCount(); dropped > 0 {
		return 0, 0, fmt.Errorf("%s closed %d of %d idle connections", e.Name(), dropped, n)
	}
	return rss, float64(rss-base) / float64(n), nil
}
