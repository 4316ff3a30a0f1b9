package measure

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/client"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// Calls is request-response throughput and latency of one method over a
// number of connections, each with one request in flight (ping-pong).
type Calls struct {
	Method string
	Conns  int
	// ReplyBytes is the size of the first reply.
	ReplyBytes int
	// PerSecond, P50 and P99 are the aggregate rate and the latency
	// percentiles of each run.
	PerSecond []float64
	P50, P99  []time.Duration
	// ServerCPU is, per run, the server process's CPU time (user and
	// system) per completed call.
	ServerCPU []time.Duration
}

// callsWarmup runs before every measured round and is not counted.
const callsWarmup = 500 * time.Millisecond

// MeasureCalls starts a fresh server process and runs runs rounds of d,
// each after a warm-up, with conns connections calling method with
// params in a closed loop. Any failed call fails the measurement.
func (e *Env) MeasureCalls(method, params string, conns, runs int, d time.Duration) (*Calls, error) {
	s, err := e.launch()
	if err != nil {
		return nil, err
	}
	defer s.stop()
	cs, err := openConns(s, conns)
	if err != nil {
		return nil, err
	}
	defer closeAll(cs)
	out := &Calls{Method: method, Conns: conns}
	reply, err := cs[0].Call(context.Background(), method, params)
	if err != nil {
		return nil, err
	}
	out.ReplyBytes = len(reply)
	for i := range runs {
		if _, err := callRound(cs, method, params, callsWarmup); err != nil {
			return nil, err
		}
		cpuBefore, err := s.proc.CPUTime()
		if err != nil {
			return nil, err
		}
		lat, err := callRound(cs, method, params, d)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w (%v)", e.Name(), method, err, s.proc.Failure())
		}
		cpuAfter, err := s.proc.CPUTime()
		if err != nil {
			return nil, err
		}
		rate := float64(len(lat)) / d.Seconds()
		p50, p99 := stats.Percentile(lat, 50), stats.Percentile(lat, 99)
		cpu := (cpuAfter - cpuBefore) / time.Duration(max(len(lat), 1))
		out.PerSecond = append(out.PerSecond, rate)
		out.P50 = append(out.P50, p50)
		out.P99 = append(out.P99, p99)
		out.ServerCPU = append(out.ServerCPU, cpu)
		e.logf("%s %s over %d conn(s), run %d/%d: %.0f req/s, p50 %v, p99 %v, server CPU %v per call", e.Name(), method, conns, i+1, runs, rate, p50, p99, cpu)
	}
	return out, nil
}

// openConns dials n admin connections to a launched server.
func openConns(s *server, n int) ([]*client.Conn, error) {
	cs := make([]*client.Conn, 0, n)
	for range n {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		c, err := s.admin.Dial(ctx)
		cancel()
		if err != nil {
			closeAll(cs)
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

func closeAll(cs []*client.Conn) {
	for _, c := range cs {
		c.CloseNow()
	}
}

// callRound runs every connection's call loop for d and returns the
// latencies of the calls that completed within d.
func callRound(cs []*client.Conn, method, params string, d time.Duration) ([]time.Duration, error) {
	return loopRound(cs, d, func(ctx context.Context, _ int, c *client.Conn, stop time.Time) ([]time.Duration, error) {
		return callLoop(ctx, c, method, params, stop)
	})
}

// connLoop is one connection's loop in a round: it calls until stop and
// returns each call's latency.
type connLoop func(ctx context.Context, i int, c *client.Conn, stop time.Time) ([]time.Duration, error)

// loopRound runs loop on every connection at once for d and returns the
// latencies of all of them, or the first connection's error.
func loopRound(cs []*client.Conn, d time.Duration, loop connLoop) ([]time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d+10*time.Second)
	defer cancel()
	stop := time.Now().Add(d)
	lats := make([][]time.Duration, len(cs))
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() { lats[i], errs[i] = loop(ctx, i, c, stop) })
	}
	wg.Wait()
	var all []time.Duration
	for i := range cs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		all = append(all, lats[i]...)
	}
	return all, nil
}

// callLoop calls method until stop and records each call's latency.
func callLoop(ctx context.Context, c *client.Conn, method, params string, stop time.Time) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, 1<<14)
	for {
		start := time.Now()
		if !start.Before(stop) {
			return lat, nil
		}
		if _, err := c.Call(ctx, method, params); err != nil {
			return nil, err
		}
		if end := time.Now(); end.Before(stop) {
			lat = append(lat, end.Sub(start))
		}
	}
}
