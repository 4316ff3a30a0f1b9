package measure

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/tools/bench/internal/client"
)

// Ticks is how a round of tick events reached the idle connections.
type Ticks struct {
	Conns int
	// Reached is the number of connections that received a new tick
	// within Window (two tick intervals plus a second).
	Reached int
	Window  time.Duration
	// AllWithin is how long after the check began the last connection
	// got its tick (0 when not all did).
	AllWithin time.Duration
}

// Fanout is the delivery of presence broadcasts to every idle connection.
type Fanout struct {
	Conns int
	// Latency is, per broadcast, the time from sending the system-event
	// request to the arrival of the presence event at the last
	// connection; Median the same to the median connection.
	Latency, Median []time.Duration
	// Delivered is, per broadcast, the number of connections that got
	// the event within fanoutTimeout.
	Delivered []int
	// FrameBytes is the size of the presence event frame.
	FrameBytes int64
}

// fanoutTimeout bounds the wait for one presence broadcast.
const fanoutTimeout = 10 * time.Second

// pollEvery is how often the event checks look at the tallies.
const pollEvery = 5 * time.Millisecond

// awaitTicks waits until every open connection has received one more
// tick, for at most two intervals plus a second.
func (f *fleet) awaitTicks(interval time.Duration) *Ticks {
	before := make([]int64, len(f.tallies))
	for i, t := range f.tallies {
		before[i] = t.Ticks.Load()
	}
	out := &Ticks{Conns: len(f.tallies), Window: 2*interval + time.Second}
	start := time.Now()
	for {
		reached := 0
		for i, t := range f.tallies {
			if t.Ticks.Load() > before[i] {
				reached++
			}
		}
		out.Reached = reached
		if reached == len(f.tallies) {
			out.AllWithin = time.Since(start)
			return out
		}
		if time.Since(start) > out.Window {
			return out
		}
		time.Sleep(pollEvery)
	}
}

// timeFanout triggers runs presence broadcasts with system-event on the
// admin connection and times their arrival at every connection.
func (f *fleet) timeFanout(admin *client.Conn, runs int) (*Fanout, error) {
	out := &Fanout{Conns: len(f.tallies)}
	for r := range runs {
		lat, med, delivered, err := f.fanoutOnce(admin, r)
		if err != nil {
			return nil, err
		}
		out.Latency = append(out.Latency, lat)
		out.Median = append(out.Median, med)
		out.Delivered = append(out.Delivered, delivered)
		time.Sleep(200 * time.Millisecond)
	}
	for _, t := range f.tallies {
		out.FrameBytes = max(out.FrameBytes, t.PresenceBytes.Load())
	}
	return out, nil
}

// fanoutOnce sends one system-event and waits for its presence event.
func (f *fleet) fanoutOnce(admin *client.Conn, run int) (last, median time.Duration, delivered int, err error) {
	before := make([]int64, len(f.tallies))
	for i, t := range f.tallies {
		before[i] = t.Presence.Load()
	}
	params := fmt.Sprintf(`{"text":"gatewire bench presence fan-out %d"}`, run+1)
	ctx, cancel := context.WithTimeout(context.Background(), fanoutTimeout)
	defer cancel()
	sent := time.Now()
	if _, err := admin.Call(ctx, protocol.MethodSystemEvent, params); err != nil {
		return 0, 0, 0, err
	}
	for {
		arrivals := f.arrivalsSince(before, sent)
		if len(arrivals) == len(f.tallies) || time.Since(sent) > fanoutTimeout {
			if len(arrivals) == 0 {
				return 0, 0, 0, nil
			}
			slices.Sort(arrivals)
			return arrivals[len(arrivals)-1], arrivals[len(arrivals)/2], len(arrivals), nil
		}
		time.Sleep(pollEvery)
	}
}

// arrivalsSince returns, for each connection with a presence event newer
// than before, the time from sent to its arrival.
func (f *fleet) arrivalsSince(before []int64, sent time.Time) []time.Duration {
	var out []time.Duration
	for i, t := range f.tallies {
		if t.Presence.Load() > before[i] {
			out = append(out, time.Duration(t.PresenceAt.Load()-sent.UnixNano()))
		}
	}
	return out
}
