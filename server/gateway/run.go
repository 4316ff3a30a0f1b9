package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/health"
	"github.com/gatewire/gatewire/server/version"
)

// Timing of Run.
const (
	// ShutdownGrace bounds the graceful shutdown: connections get their
	// shutdown event and close, then whatever is left is dropped, so the
	// process exits within two seconds of a signal.
	ShutdownGrace = 1250 * time.Millisecond
	// configPollInterval is how often the config file's metadata is
	// checked for changes made on disk (gateway.reload.debounceMs then
	// lets an edit settle).
	configPollInterval = 100 * time.Millisecond
	// httpReadHeaderTimeout bounds how long a socket may take to send a
	// request's headers (a new socket, or a keep-alive one that started a
	// request); httpIdleTimeout closes a keep-alive socket that sends no
	// next request (5 s, as Node's HTTP server, which OpenClaw runs on).
	httpReadHeaderTimeout = 10 * time.Second
	httpIdleTimeout       = 5 * time.Second
)

// Run serves the gateway until ctx ends, then shuts it down gracefully.
// It returns ErrRestart when it shut down for an in-process restart
// (Restart), another error only when serving failed.
func (g *Gateway) Run(ctx context.Context) error {
	g.http = &http.Server{
		Handler:           g,
		ReadHeaderTimeout: httpReadHeaderTimeout,
		IdleTimeout:       httpIdleTimeout,
		ConnContext:       g.sockets.ConnContext,
		ConnState:         g.sockets.ConnState,
		ErrorLog:          slog.NewLogLogger(g.log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- g.http.Serve(g.listener) }()
	bg, stopBackground := context.WithCancel(context.Background())
	defer stopBackground()
	g.startBackground(bg)
	g.logStart()
	select {
	case <-ctx.Done():
		g.shutdown(stopReason(ctx), false)
		return nil
	case why := <-g.restartReq:
		g.shutdown(why, true)
		return ErrRestart
	case err := <-served:
		g.shutdown("serving failed", false)
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// startBackground starts the heartbeat, the periodic health refresh and
// the config file watcher.
func (g *Gateway) startBackground(ctx context.Context) {
	g.heartbeat.Start()
	go g.refreshHealthEvery(ctx, health.MaxAge)
	go g.cfg.WatchFile(ctx, configPollInterval, g.reloadDebounce, g.configFileChanged)
}

// refreshHealthEvery refreshes (and broadcasts) the health summary every
// period, as v3 does.
func (g *Gateway) refreshHealthEvery(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			g.health.Refresh()
		}
	}
}

// logStart logs where the gateway listens and how it is set up (never a
// secret).
func (g *Gateway) logStart() {
	eff := g.cfg.Effective()
	g.log.Info("gateway listening",
		"url", g.URL(), "version", version.Version, "protocol", protocol.Manifest.Protocol,
		"auth", config.AuthMode(eff), "stateDir", g.setup.StateDir.Root(), "config", g.cfg.Path(),
		"logFile", g.logs.File())
	g.logTLS()
	g.logNotImplemented()
}

// shutdown stops the gateway: the listener closes (new dials are refused,
// so a client that reconnects at once reaches the next gateway of a
// restart, never this one), every connection gets the shutdown event and
// a 1012 close, then the HTTP server stops. On a restart the event says
// so and when the gateway expects to be back.
func (g *Gateway) shutdown(reason string, restart bool) {
	if !g.stopping.CompareAndSwap(false, true) {
		return
	}
	event, expected := "gateway stopping", (*int64)(nil)
	if restart {
		ms := RestartExpected.Milliseconds()
		event, expected = restartReason, &ms
	}
	g.log.Info(event, "reason", reason)
	_ = g.listener.Close()
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	g.heartbeat.Stop()
	g.presenceOut.stop()
	g.healthOut.stop()
	g.engine.Shutdown(ctx, event, expected)
	_ = g.http.Shutdown(ctx)
	_ = g.http.Close()
	g.closeCanvas()
	g.closeStore()
	g.log.Info("gateway stopped")
	_ = g.logs.Close()
}

// stopReason says why ctx ended, for the log: the signal that stopped the
// gateway ("hangup signal received") when signal.NotifyContext ended it.
func stopReason(ctx context.Context) string {
	if cause := context.Cause(ctx); cause != nil {
		return cause.Error()
	}
	return "stopped"
}
