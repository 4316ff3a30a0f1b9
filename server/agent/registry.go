package agent

import "time"

// registry remembers runs by id: every run in flight, and finished runs
// for keep after they ended (agent.wait and duplicate starts find them).
// Callers hold Runtime.mu.
type registry struct {
	keep     time.Duration
	byID     map[string]*Run
	finished []finishedRun // in the order they ended
}

// finishedRun is a finished run and when it is forgotten.
type finishedRun struct {
	id     string
	expiry time.Time
}

// maxFinished bounds the finished runs remembered, whatever their age.
const maxFinished = 10000

func newRegistry(keep time.Duration) registry {
	return registry{keep: keep, byID: map[string]*Run{}}
}

// get returns run id, nil when unknown or forgotten.
func (g *registry) get(id string, now time.Time) *Run {
	g.sweep(now)
	return g.byID[id]
}

// add registers a new run.
func (g *registry) add(run *Run) { g.byID[run.ID] = run }

// finish starts the run's time to be forgotten.
func (g *registry) finish(id string, now time.Time) {
	g.finished = append(g.finished, finishedRun{id: id, expiry: now.Add(g.keep)})
	g.sweep(now)
}

// sweep forgets the finished runs that expired, and the oldest beyond
// maxFinished.
func (g *registry) sweep(now time.Time) {
	n := 0
	for n < len(g.finished) && (len(g.finished)-n > maxFinished || !now.Before(g.finished[n].expiry)) {
		delete(g.byID, g.finished[n].id)
		n++
	}
	if n > 0 {
		g.finished = append(g.finished[:0:0], g.finished[n:]...)
	}
}
