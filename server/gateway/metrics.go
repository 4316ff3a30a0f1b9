package gateway

import (
	"net/http"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/metrics"
	"github.com/gatewire/gatewire/server/version"
)

// metricsPath is the Prometheus scrape route, served when
// gateway.metrics.enabled is set.
const metricsPath = "/metrics"

// setupMetrics makes the gateway's registry when gateway.metrics.enabled
// is set (Setup.Metrics, when given, is used instead of a new one); the
// gateway records nothing otherwise.
func (g *Gateway) setupMetrics() {
	if !g.cfg.Effective().Gateway.Metrics.Enabled {
		return
	}
	g.metrics = g.setup.Metrics
	if g.metrics == nil {
		g.metrics = metrics.New(version.Version)
	}
}

// observer is the engine's Observer: nil (not a typed nil) without
// metrics.
func (g *Gateway) observer() engine.Observer {
	if g.metrics == nil {
		return nil
	}
	return g.metrics
}

// Metrics returns the gateway's metrics, nil when they are off.
func (g *Gateway) Metrics() *metrics.Metrics { return g.metrics }

// serveMetrics serves /metrics when metrics are on (otherwise the path
// is no route of its own): GET or HEAD behind gateway HTTP auth, as every
// HTTP route but liveness.
func (g *Gateway) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if !g.authorizeHTTP(w, r) {
		return
	}
	g.metrics.Handler().ServeHTTP(w, r)
}

// onPairingRequest counts a new pairing request; nil without metrics.
func (g *Gateway) onPairingRequest() func(kind string) {
	if g.metrics == nil {
		return nil
	}
	return g.metrics.PairingRequested
}

// onNodeInvoke counts a command relayed to a node; nil without metrics.
func (g *Gateway) onNodeInvoke() func(result string) {
	if g.metrics == nil {
		return nil
	}
	return g.metrics.NodeInvoked
}

// runObserver is the agent runtime's observer; nil without metrics.
func (g *Gateway) runObserver() agent.RunObserver {
	if g.metrics == nil {
		return nil
	}
	return runMetrics{g.metrics}
}

// runMetrics records agent runs into the gateway's metrics.
type runMetrics struct{ m *metrics.Metrics }

// RunEnded counts the run and its provider's tokens.
func (r runMetrics) RunEnded(o agent.Outcome) {
	var t *metrics.Tokens
	if u := o.Usage; u != nil {
		t = &metrics.Tokens{Input: u.Input, Output: u.Output, CacheRead: u.CacheRead, CacheWrite: u.CacheWrite}
	}
	r.m.RunEnded(o.Status, o.Provider, t)
}

// ModelCallFailed counts a failed model call.
func (r runMetrics) ModelCallFailed(provider string) { r.m.ModelCallFailed(provider) }
