package metrics

import (
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
)

// BenchmarkRequestRecorded is what metrics add to one request: the two
// monotonic clock reads the engine takes and the method recorder's work (histogram
// observation, counter add) on an already resolved method.
func BenchmarkRequestRecorded(b *testing.B) {
	rec := New("bench").Method("health")
	epoch := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			start := time.Since(epoch)
			rec.Done(time.Since(epoch)-start, nil)
		}
	})
}

// BenchmarkEventRecorded is what metrics add to one publication.
func BenchmarkEventRecorded(b *testing.B) {
	rec := New("bench").Event("presence")
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec.Delivered(50, 0)
		}
	})
}

// BenchmarkHandshakeRecorded is what metrics add to one handshake and
// its close.
func BenchmarkHandshakeRecorded(b *testing.B) {
	m := New("bench")
	p := &engine.Peer{Role: "operator", Protocol: 3}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Opened(p)
			m.Closed(p)
		}
	})
}

// BenchmarkRequestRecordedSerial is BenchmarkRequestRecorded on one
// goroutine (no contention on the method's series).
func BenchmarkRequestRecordedSerial(b *testing.B) {
	rec := New("bench").Method("health")
	epoch := time.Now()
	for b.Loop() {
		start := time.Since(epoch)
		rec.Done(time.Since(epoch)-start, nil)
	}
}
