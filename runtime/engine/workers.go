package engine

import (
	"sync/atomic"

	"github.com/gatewire/gatewire/runtime/wire"
)

// maxIdleWorkers bounds the request goroutines kept waiting for work.
const maxIdleWorkers = 32

// workers runs requests on goroutines that outlive one request. A fresh
// goroutine per request starts with a minimal stack and grows it, by
// copying, while it validates, runs the handler and writes the reply; a
// worker that has done so keeps its stack for the next request. A
// finished worker waits for more while fewer than maxIdleWorkers wait;
// when none waits, a request gets a new goroutine, so requests never
// queue behind each other.
type workers struct {
	tasks chan task
	idle  atomic.Int32
	stop  <-chan struct{}
}

// task is one request to dispatch.
type task struct {
	c   *Conn
	req *wire.Request
}

func newWorkers(stop <-chan struct{}) *workers {
	return &workers{tasks: make(chan task), stop: stop}
}

// run dispatches a request on a waiting worker or a new goroutine.
func (w *workers) run(s *Server, t task) {
	select {
	case w.tasks <- t:
	default:
		go w.work(s, t)
	}
}

// work dispatches t, then further requests, until too many workers wait
// or the server stops.
func (w *workers) work(s *Server, t task) {
	for {
		s.dispatch(t.c, t.req)
		if w.idle.Add(1) > maxIdleWorkers {
			w.idle.Add(-1)
			return
		}
		select {
		case t = <-w.tasks:
			w.idle.Add(-1)
		case <-w.stop:
			w.idle.Add(-1)
			return
		}
	}
}
