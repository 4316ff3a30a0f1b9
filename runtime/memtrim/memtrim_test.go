package memtrim

import (
	"testing"
	"time"
)

// fakeWatcher returns a watcher with controllable free memory that
// counts its releases.
func fakeWatcher(free *uint64, releases *int) *watcher {
	return &watcher{
		p:       Policy{Every: 250 * time.Millisecond, Quiet: time.Second, QuietOps: 2, MinOps: 1000, MinFree: 8 << 20},
		free:    func() uint64 { return *free },
		release: func() { *releases++ },
	}
}

func TestReleasesOnceAfterABurstGoesQuiet(t *testing.T) {
	free, releases := uint64(64<<20), 0
	w := fakeWatcher(&free, &releases)
	start := time.Unix(1000, 0)
	tick := func(i int) time.Time { return start.Add(time.Duration(i) * 250 * time.Millisecond) }
	ops := uint64(0)
	// A burst: 5,000 operations over two seconds.
	for i := range 8 {
		ops += 625
		w.observe(tick(i), ops)
	}
	if releases != 0 {
		t.Fatal("released while busy")
	}
	// Quiet, with a trickle of one operation per tick.
	for i := 8; i < 20; i++ {
		ops++
		w.observe(tick(i), ops)
		quietFor := time.Duration(i-8) * 250 * time.Millisecond
		if quietFor < time.Second && releases != 0 {
			t.Fatalf("released after %v of quiet", quietFor)
		}
	}
	if releases != 1 {
		t.Fatalf("releases after the burst = %d, want 1", releases)
	}
	// Another burst, then quiet again: one more release.
	for i := 20; i < 24; i++ {
		ops += 500
		w.observe(tick(i), ops)
	}
	for i := 24; i < 40; i++ {
		w.observe(tick(i), ops)
	}
	if releases != 2 {
		t.Fatalf("releases after the second burst = %d, want 2", releases)
	}
}

func TestNoReleaseWithoutEnoughWorkOrFreeMemory(t *testing.T) {
	free, releases := uint64(64<<20), 0
	w := fakeWatcher(&free, &releases)
	start := time.Unix(1000, 0)
	ops := uint64(0)
	for i := range 20 { // a small burst: 10 ticks of 50 operations
		if i < 10 {
			ops += 50
		}
		w.observe(start.Add(time.Duration(i)*250*time.Millisecond), ops)
	}
	if releases != 0 {
		t.Fatal("released after fewer than MinOps operations")
	}
	free = 1 << 20
	for i := 20; i < 40; i++ {
		if i < 30 {
			ops += 500
		}
		w.observe(start.Add(time.Duration(i)*250*time.Millisecond), ops)
	}
	if releases != 0 {
		t.Fatal("released with less than MinFree unused")
	}
}

// sink keeps allocations from being optimized away.
var sink [][]byte

func TestUnusedHeapCountsGarbage(t *testing.T) {
	for range 64 {
		sink = append(sink, make([]byte, 256<<10))
	}
	sink = nil
	if got := unusedHeap(); got == 0 {
		t.Fatal("unusedHeap = 0 with 16 MiB of garbage on the heap")
	}
}
