// Package memtrim returns a server's unused heap memory to the operating
// system once a burst of work is over. The Go runtime keeps memory freed
// by the garbage collector for reuse, up to about twice the live heap, and
// gives it back only slowly. After thousands of clients connect, that is
// as much memory again as the connections themselves hold, kept while they
// sit idle. Run watches an activity counter (requests, handshakes) and,
// when it has stopped moving after enough work and a sizeable amount of
// heap is free, collects and releases it with debug.FreeOSMemory. It never
// runs while the server is busy, and at most once per burst.
package memtrim

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Policy says when to release memory.
type Policy struct {
	// Every is how often activity and memory are looked at.
	Every time.Duration
	// Quiet is how long activity must stay below QuietOps per Every
	// before memory is released.
	Quiet    time.Duration
	QuietOps uint64
	// MinOps is the work that must have happened since the last release
	// (so an idle server is never trimmed twice).
	MinOps uint64
	// MinFree is the least unused heap memory worth a release, in bytes.
	MinFree uint64
}

// Default releases memory 1 s after a burst of at least 1,000 operations
// has ended, when 8 MiB or more of the heap is unused; a few operations a
// second do not count as activity.
var Default = Policy{Every: 250 * time.Millisecond, Quiet: time.Second, QuietOps: 2, MinOps: 1000, MinFree: 8 << 20}

// Run applies p until ctx ends. activity returns a count that grows with
// the server's work.
func Run(ctx context.Context, p Policy, activity func() uint64) {
	t := time.NewTicker(p.Every)
	defer t.Stop()
	w := watcher{p: p, free: unusedHeap, release: debug.FreeOSMemory}
	ops := activity()
	w.lastOps, w.lastRelease = ops, ops
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			w.observe(now, activity())
		}
	}
}

// watcher decides, one observation at a time, when to release.
type watcher struct {
	p           Policy
	free        func() uint64 // unused heap bytes
	release     func()
	lastOps     uint64
	lastRelease uint64    // activity count at the last release
	quietSince  time.Time // zero while busy
}

// observe takes one reading of the activity count.
func (w *watcher) observe(now time.Time, ops uint64) {
	busy := ops-w.lastOps > w.p.QuietOps
	w.lastOps = ops
	switch {
	case busy:
		w.quietSince = time.Time{}
		return
	case w.quietSince.IsZero():
		w.quietSince = now
		return
	}
	if now.Sub(w.quietSince) < w.p.Quiet || ops-w.lastRelease < w.p.MinOps || w.free() < w.p.MinFree {
		return
	}
	w.release()
	w.lastRelease = ops
}

// heapMetrics are what unusedHeap reads, in this order: the heap's free
// pages not yet returned, the unused parts of spans in use, the objects
// (live or not yet collected), and the heap live at the last collection.
var heapMetrics = []string{"/memory/classes/heap/free:bytes", "/memory/classes/heap/unused:bytes", "/memory/classes/heap/objects:bytes", "/gc/heap/live:bytes"}

// unusedHeap returns the heap memory a collection and release would give
// back: everything the heap holds beyond the objects live at the last
// collection.
func unusedHeap() uint64 {
	s := make([]metrics.Sample, len(heapMetrics))
	for i, name := range heapMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	held := v(0) + v(1) + v(2)
	if live := v(3); held > live {
		return held - live
	}
	return 0
}
