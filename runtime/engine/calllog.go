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

// callStart returns when a request started if requests are logged at the
// logger's current level (debug), and the zero time otherwise.
func (s *Server) callStart() time.Time {
	if !s.log.Enabled(context.Background(), slog.LevelDebug) {
		return time.Time{}
	}
	return time.Now()
}

// logCall logs a finished request: at info when it failed (e is its error
// reply), at debug with its duration when callStart returned a time.
func (s *Server) logCall(c *Conn, method string, start time.Time, e *wire.Error) {
	if e != nil {
		s.logFailedCall(c, method, e)
	}
	if start.IsZero() {
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
