package engine

import "testing"

func TestAKilledQueueForgetsFramesStillBeingWritten(t *testing.T) {
	o := outbox{max: 1 << 20}
	if res, start := o.push(outFrame{own: make([]byte, 100)}, false); res != queued || !start {
		t.Fatalf("push = %v, %v", res, start)
	}
	frames, _, _ := o.next() // a writer takes the frame
	o.kill()                 // the connection is dropped meanwhile
	o.written(frames[0].size())
	if n := o.buffered(); n != 0 {
		t.Fatalf("buffered = %d after the queue was killed, want 0", n)
	}
}

func TestQueueLimitCountsSharedBytesPerConnection(t *testing.T) {
	o := outbox{max: 1000}
	shared := make([]byte, 600)
	if res, _ := o.push(outFrame{shared: shared, own: make([]byte, 10)}, true); res != queued {
		t.Fatalf("first event: %v", res)
	}
	if res, _ := o.push(outFrame{shared: shared, own: make([]byte, 10)}, true); res != dropped {
		t.Fatalf("second event over the limit: %v, want dropped", res)
	}
	if res, _ := o.push(outFrame{shared: shared, own: make([]byte, 10)}, false); res != overrun {
		t.Fatalf("second event that may not be dropped: %v, want overrun", res)
	}
	if n := o.buffered(); n != 610 {
		t.Fatalf("buffered = %d, want 610", n)
	}
}
