package gateway

import (
	"context"
	"log/slog"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/session"
)

// Connection logs: one info line when a connection opens and one when it
// closes, saying who the client is (connection id, client id and mode,
// role, address) and, on close, how long it stayed and its close code.
// Never a secret: nothing the client sent beyond its self-description.

// logOpened logs a connection that completed its handshake.
func (g *Gateway) logOpened(c *engine.Conn) {
	ctx := context.Background()
	s := g.sessions.Of(c.ID())
	if s == nil || !g.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	g.log.LogAttrs(ctx, slog.LevelInfo, "connection open", connAttrs(c, s)...)
}

// logClosed logs the end of a connection that had opened.
func (g *Gateway) logClosed(c *engine.Conn) {
	ctx := context.Background()
	s := g.sessions.Of(c.ID())
	if s == nil || !g.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	attrs := append(connAttrs(c, s),
		slog.Duration("duration", g.now().Sub(s.ConnectedAt).Round(time.Millisecond)),
		slog.Int("code", c.CloseCode()))
	g.log.LogAttrs(ctx, slog.LevelInfo, "connection closed", attrs...)
}

// connAttrs describe a connection in its log lines.
func connAttrs(c *engine.Conn, s *session.Session) []slog.Attr {
	attrs := make([]slog.Attr, 0, 8)
	return append(attrs,
		slog.String("conn", c.ID()),
		slog.String("client", s.Client.ID),
		slog.String("mode", s.Client.Mode),
		slog.String("role", s.Role),
		slog.String("ip", s.ClientIP.String()))
}
