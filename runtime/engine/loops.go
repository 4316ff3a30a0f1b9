package engine

import (
	"context"
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
// does not close the connection (clients watch ticks for liveness), so a
// slim socket's ping is written directly, when the socket is free, and
// nothing waits for its pong (see socketping.go); other sockets are
// pinged through the WebSocket library.
func (s *Server) pingAll() {
	for _, c := range s.openConns() {
		if c.sock != nil {
			c.sock.tryPing()
			continue
		}
		go func() {
			ctx, cancel := context.WithTimeout(c.ctx, s.cfg.PingInterval)
			defer cancel()
			_ = c.ws.Ping(ctx)
		}()
	}
}
