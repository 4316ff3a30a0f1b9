package measure

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/client"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// IdleOptions configures MeasureIdle.
type IdleOptions struct {
	// Steps are the connection counts at which memory is read, ascending.
	Steps []int
	// Events enables the tick and presence checks (the gateway only).
	Events bool
	// TickInterval is the target's tick period (for the tick check).
	TickInterval time.Duration
	// FanoutRuns is how many presence broadcasts are timed.
	FanoutRuns int
}

// Idle is what many idle connections cost and how events reach them.
type Idle struct {
	// BaseRSS is the server's memory before the idle connections opened.
	BaseRSS int64
	// Steps holds the memory read at each connection count.
	Steps []IdleStep
	// DialPerSecond is the rate at which the connections were opened
	// (16 concurrent dialers).
	DialPerSecond float64
	// Ticks and Fanout are set when IdleOptions.Events was.
	Ticks  *Ticks
	Fanout *Fanout
	// Dropped counts connections the server closed during the test.
	Dropped int
	// Shutdown is how long SIGTERM took with every connection open, and
	// ShutdownClean whether the process exited 0 in time.
	Shutdown      time.Duration
	ShutdownClean bool
}

// IdleStep is the server's memory with Conns idle connections open.
type IdleStep struct {
	Conns int
	RSS   int64
	// PerConn is (RSS - BaseRSS) / Conns in bytes.
	PerConn float64
}

// dialWorkers is the number of concurrent dialers filling the fleet; it
// stays below the gateway's cap of unauthenticated sockets per address.
const dialWorkers = 16

// stepSettle is how long the server is left idle before its memory is
// read at a step.
const stepSettle = 2 * time.Second

// MeasureIdle opens idle connections up to each step on one server
// process and reads the server's memory at every step; with Events it
// then checks that ticks reach every connection and times presence
// broadcasts to all of them. Finally it stops the server with SIGTERM
// while every connection is open.
func (e *Env) MeasureIdle(o IdleOptions) (*Idle, error) {
	s, err := e.launch()
	if err != nil {
		return nil, err
	}
	defer s.stop()
	var admin *client.Conn
	if o.Events {
		if admin, err = openAdmin(s); err != nil {
			return nil, err
		}
		defer admin.CloseNow()
	}
	time.Sleep(idleSettle)
	out := &Idle{}
	if out.BaseRSS, err = s.proc.RSS(); err != nil {
		return nil, err
	}
	f := &fleet{}
	defer f.close()
	if err := e.fill(s, f, o, out); err != nil {
		return nil, err
	}
	if o.Events {
		out.Ticks = f.awaitTicks(o.TickInterval)
		if out.Fanout, err = f.timeFanout(admin, o.FanoutRuns); err != nil {
			return nil, err
		}
	}
	out.Dropped = f.closedCount()
	out.Shutdown, out.ShutdownClean = s.proc.Stop(5 * time.Second)
	e.logf("%s stopped with %d connections open in %v (clean exit: %v)", e.Name(), len(f.conns), out.Shutdown.Round(time.Millisecond), out.ShutdownClean)
	return out, nil
}

// openAdmin dials the connection that triggers presence broadcasts.
func openAdmin(s *server) (*client.Conn, error) {
	cs, err := openConns(s, 1)
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// fill opens connections up to every step and reads the memory there.
func (e *Env) fill(s *server, f *fleet, o IdleOptions, out *Idle) error {
	d, err := e.dialer(s.proc, readScopes)
	if err != nil {
		return err
	}
	var dialing time.Duration
	for _, n := range o.Steps {
		stepStart := time.Now()
		if err := f.grow(d, n); err != nil {
			return fmt.Errorf("%s: opening connection %d: %w (%v)", e.Name(), len(f.conns)+1, err, s.proc.Failure())
		}
		dialing += time.Since(stepStart)
		time.Sleep(stepSettle)
		rss, err := settledRSS(s)
		if err != nil {
			return err
		}
		step := IdleStep{Conns: n, RSS: rss, PerConn: float64(rss-out.BaseRSS) / float64(n)}
		out.Steps = append(out.Steps, step)
		e.logf("%s with %d idle connections: RSS %.1f MiB, %.1f KiB per connection", e.Name(), n, float64(rss)/(1<<20), step.PerConn/1024)
	}
	out.DialPerSecond = float64(len(f.conns)) / dialing.Seconds()
	return nil
}

// settledRSS returns the median of three memory readings 250 ms apart.
func settledRSS(s *server) (int64, error) {
	var readings []int64
	for i := range 3 {
		if i > 0 {
			time.Sleep(250 * time.Millisecond)
		}
		rss, err := s.proc.RSS()
		if err != nil {
			return 0, err
		}
		readings = append(readings, rss)
	}
	return int64(stats.Median(readings)), nil
}

// fleet is the set of idle connections, each watched by its own reader.
type fleet struct {
	conns   []*client.Conn
	tallies []*client.Tally
}

// grow dials until the fleet holds n connections.
func (f *fleet) grow(d *client.Dialer, n int) error { return f.growWith(d.Dial, n) }

// growWith opens connections with dial until the fleet holds n.
func (f *fleet) growWith(dial func(context.Context) (*client.Conn, error), n int) error {
	need := n - len(f.conns)
	if need <= 0 {
		return nil
	}
	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range min(dialWorkers, need) {
		wg.Go(func() {
			for next.Add(1) <= int64(need) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				c, err := dial(ctx)
				cancel()
				mu.Lock()
				if err != nil {
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
					return
				}
				t := &client.Tally{}
				f.conns = append(f.conns, c)
				f.tallies = append(f.tallies, t)
				mu.Unlock()
				go c.Watch(t)
			}
		})
	}
	wg.Wait()
	return firstErr
}

// closedCount returns how many connections are no longer readable.
func (f *fleet) closedCount() int {
	n := 0
	for _, t := range f.tallies {
		if t.Closed.Load() {
			n++
		}
	}
	return n
}

func (f *fleet) close() { closeAll(f.conns) }
