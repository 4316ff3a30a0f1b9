package sessions

import (
	"sync"

	"github.com/gatewire/gatewire/server/transcript"
)

// change is one store change waiting to be sent as sessions.changed.
type change = transcript.Change

// feed hands the store's changes to one goroutine that sends them, so
// that the writer that made a change (a run appending its messages)
// never waits on the event, the store read for its row, or a
// dependency such as Active.
type feed struct {
	mu      sync.Mutex
	pending []change
	wake    chan struct{}
	done    chan struct{}
	stopped sync.Once
}

// maxPending bounds the changes waiting; beyond it the oldest are
// dropped (sessions.changed is drop-if-slow anyway).
const maxPending = 4096

func newFeed() *feed {
	return &feed{wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// push queues a change; a repeat of the last one queued is dropped.
func (f *feed) push(c change) {
	f.mu.Lock()
	if n := len(f.pending); n == 0 || f.pending[n-1] != c {
		if n >= maxPending {
			f.pending = f.pending[1:]
		}
		f.pending = append(f.pending, c)
	}
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// run sends changes with send until stop.
func (f *feed) run(send func(change)) {
	for {
		select {
		case <-f.done:
			return
		case <-f.wake:
		}
		f.mu.Lock()
		batch := f.pending
		f.pending = nil
		f.mu.Unlock()
		for _, c := range batch {
			send(c)
		}
	}
}

// stop ends run.
func (f *feed) stop() { f.stopped.Do(func() { close(f.done) }) }
