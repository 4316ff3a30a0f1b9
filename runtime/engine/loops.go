package engine

import (
	"time"
)

// startLoops starts the tick and ping loops.
func (s *Server) startLoops() {
	tick := time.Duration(s.cfg.Policy.TickIntervalMs) * time.Millisecond
	s.every(tick, s.tick)
	s.every(s.cfg.PingInterval, s.pingAll)
}

// every runs fn every d until Shutdown.
func (s *Server) every(d time.Duration, fn func()) {
	s.loops.Add(1)
	go func() {
		defer s.loops.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				fn()
			}
		}
	}()
}

// tick broadcasts the liveness tick.
func (s *Server) tick() {
	s.Broadcast(Event{Name: eventTick, Payload: struct {
		TS int64 `json:"ts"`
	}{s.cfg.Now().UnixMilli()}})
}

// pingAll sends a WebSocket ping to every open connection. A missing pong
// does not close the connection (clients watch ticks for liveness); see
// transport.Socket.Ping.
func (s *Server) pingAll() {
	for _, c := range s.openConns() {
		c.sock.Ping(s.cfg.PingInterval)
	}
}
