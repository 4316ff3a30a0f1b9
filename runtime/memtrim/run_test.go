package memtrim

import (
	"context"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// forcedGCs returns the number of garbage collections the program forced
// (debug.FreeOSMemory forces one).
func forcedGCs() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func TestRunReleasesAfterABurstAndStopsWithItsContext(t *testing.T) {
	var ops atomic.Uint64
	started := make(chan struct{})
	var once atomic.Bool
	// The first reading is taken before the test may see started, so the
	// burst below always comes after it (read after, it could be taken as
	// the starting count and never look like a burst).
	activity := func() uint64 {
		n := ops.Load()
		if once.CompareAndSwap(false, true) {
			close(started)
		}
		return n
	}
	p := Policy{Every: time.Millisecond, Quiet: 5 * time.Millisecond, QuietOps: 0, MinOps: 100, MinFree: 0}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	before := forcedGCs()
	go func() {
		Run(ctx, p, activity)
		close(done)
	}()
	<-started
	ops.Add(1000) // a burst, then quiet
	deadline := time.Now().Add(10 * time.Second)
	for forcedGCs() == before {
		if time.Now().After(deadline) {
			t.Fatal("Run never released memory after the burst")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done // Run returns once its context ends
}
