package measure

import (
	"time"
)

// Startup is the launch-to-first-connect time and idle memory of several
// fresh launches.
type Startup struct {
	// FirstConnect is, per launch, the time from executing the binary
	// to the first completed handshake (retrying the dial every 2 ms).
	FirstConnect []time.Duration
	// IdleRSS is, per launch, the resident memory one second after that
	// first connection closed.
	IdleRSS []int64
}

// idleSettle is how long a freshly started server is left alone before
// its idle memory is read.
const idleSettle = time.Second

// MeasureStartup launches the target runs times, each in a fresh state
// directory.
func (e *Env) MeasureStartup(runs int) (*Startup, error) {
	out := &Startup{}
	for i := range runs {
		s, err := e.launch()
		if err != nil {
			return nil, err
		}
		time.Sleep(idleSettle)
		rss, err := s.proc.RSS()
		s.stop()
		if err != nil {
			return nil, err
		}
		out.FirstConnect = append(out.FirstConnect, s.firstConnect)
		out.IdleRSS = append(out.IdleRSS, rss)
		e.logf("%s startup %d/%d: first connect %v, idle RSS %.1f MiB", e.Name(), i+1, runs, s.firstConnect.Round(time.Millisecond/10), float64(rss)/(1<<20))
	}
	return out, nil
}
