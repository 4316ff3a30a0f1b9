package engine

import (
	"context"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// ShutdownEvent is the payload of the shutdown event.
type ShutdownEvent struct {
	Reason            string `json:"reason"`
	RestartExpectedMs *int64 `json:"restartExpectedMs"`
}

// Shutdown stops the gateway's connections: it refuses new upgrades, sends
// every open connection a shutdown event and then closes it with 1012
// "service restart", closes sockets still in their handshake, and waits
// until all sockets are gone or ctx ends (the rest are dropped).
func (s *Server) Shutdown(ctx context.Context, reason string, restartExpectedMs *int64) {
	s.mu.Lock()
	already := s.stopping.Swap(true)
	s.mu.Unlock()
	s.hub.closeDoors()
	if already {
		s.waitGone(ctx)
		return
	}
	close(s.stop)
	s.loops.Wait()
	if reason == "" {
		reason = "gateway stopping"
	}
	s.Broadcast(Event{Name: eventShutdown, Payload: ShutdownEvent{Reason: reason, RestartExpectedMs: restartExpectedMs}})
	for _, c := range s.allSockets() {
		c.Close(wire.CloseServiceRestart, wire.ReasonServiceRestart)
	}
	s.waitGone(ctx)
}

// waitGone waits until every socket has been removed or ctx ends, then
// drops whatever is left.
func (s *Server) waitGone(ctx context.Context) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		if n, _ := s.Count(); n == 0 {
			return
		}
		select {
		case <-ctx.Done():
			for _, c := range s.allSockets() {
				c.abort()
			}
			return
		case <-t.C:
		}
	}
}
