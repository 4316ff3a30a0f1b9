package measure

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/client"
)

// Handshakes is the rate of complete connects with a number of workers.
type Handshakes struct {
	// Workers is the number of concurrent workers, each running
	// open → challenge → connect → hello → close in a loop.
	Workers int
	// PerSecond is the rate of completed handshakes of each run.
	PerSecond []float64
}

// MeasureHandshakes runs, on one server process, runs rounds of d with
// the given number of workers each. A failed handshake fails the
// measurement.
func (e *Env) MeasureHandshakes(workers []int, runs int, d time.Duration) ([]Handshakes, error) {
	s, err := e.launch()
	if err != nil {
		return nil, err
	}
	defer s.stop()
	dl, err := e.dialer(s.proc, readScopes)
	if err != nil {
		return nil, err
	}
	var out []Handshakes
	for _, w := range workers {
		h := Handshakes{Workers: w}
		for i := range runs {
			rate, err := handshakeRound(dl, w, d)
			if err != nil {
				return nil, fmt.Errorf("%s handshakes with %d workers: %w (%v)", e.Name(), w, err, s.proc.Failure())
			}
			h.PerSecond = append(h.PerSecond, rate)
			e.logf("%s handshakes, %d worker(s), run %d/%d: %.0f/s", e.Name(), w, i+1, runs, rate)
		}
		out = append(out, h)
	}
	return out, nil
}

// handshakeRound runs workers connect loops for d and returns the rate.
func handshakeRound(dl *client.Dialer, workers int, d time.Duration) (float64, error) {
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for time.Now().Before(stop) {
				if err := oneHandshake(dl); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(done.Load()) / time.Since(start).Seconds(), nil
}

// oneHandshake connects and closes politely.
func oneHandshake(dl *client.Dialer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dl.Dial(ctx)
	if err != nil {
		return err
	}
	if err := c.Close(); err != nil {
		return fmt.Errorf("closing: %w", err)
	}
	return nil
}
