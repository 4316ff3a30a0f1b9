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
	activity := func() uint64 {
		if once.CompareAndSwap(false, true) {
			close(started)
		}
		return ops.Load()
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
