package engine

import (
	"context"
	"log/slog"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Request logging. A failed request is logged at info with its method and
// the error's code and message (never its params, which may hold
// secrets); at debug every request is logged with its duration. Both
// check the level first, so a request costs nothing extra when the level
// is above debug and it succeeds.

// debugCalls reports whether every request is logged (level debug).
func (s *Server) debugCalls() bool {
	return s.log.Enabled(context.Background(), slog.LevelDebug)
}

// logCall logs a finished request: at info when it failed (e is its error
// reply), at debug with its duration when callStart returned a time.
func (s *Server) logCall(c *Conn, method string, start time.Time, e *wire.Error) {
	if e != nil {
		s.logFailedCall(c, method, e)
	}
	if start.IsZero() || (s.obs != nil && !s.debugCalls()) {
		return
	}
	s.log.LogAttrs(context.Background(), slog.LevelDebug, "request",
		slog.String("conn", c.id), slog.String("method", method),
		slog.Duration("duration", time.Since(start)), slog.Bool("ok", e == nil))
}

// logFailedCall logs a request that got an error reply.
func (s *Server) logFailedCall(c *Conn, method string, e *wire.Error) {
	ctx := context.Background()
	if !s.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "request failed",
		slog.String("conn", c.id), slog.String("method", method),
		slog.String("code", e.Code), slog.String("message", e.Message))
}
