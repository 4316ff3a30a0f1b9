package gateway

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/server/version"
)

// Routes served over plain HTTP on the gateway's port.
var (
	liveRoutes  = map[string]bool{"/health": true, "/healthz": true}
	readyRoutes = map[string]bool{"/ready": true, "/readyz": true}
)

// ServeHTTP sends WebSocket upgrades (on any path) to the engine, serves
// the liveness and readiness routes and the HTTP APIs, and leaves every
// other GET or HEAD under the Control UI's base path to the Control UI;
// everything else is 404. Every response names the server
// "gatewire/<version>".
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Server", version.ServerHeader())
	if g.sockets.Refused(r) {
		g.refuseSocket(w, r)
		return
	}
	if g.serveCanvas(w, r) {
		return
	}
	if isUpgrade(r) {
		g.engine.ServeHTTP(w, r) // returns once the connect handshake has ended
		g.sockets.UpgradeDone(r)
		return
	}
	path := r.URL.Path
	if path == metricsPath && g.metrics != nil {
		g.serveMetrics(w, r)
		return
	}
	if g.openai != nil && g.openai.Handles(path) {
		g.openai.ServeHTTP(w, r)
		return
	}
	if !liveRoutes[path] && !readyRoutes[path] {
		if g.serveControlUIRoute(w, r) {
			return
		}
		if g.ui != nil && g.ui.Handles(r) {
			g.ui.ServeHTTP(w, r)
			return
		}
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if liveRoutes[path] {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "status": "live"})
		return
	}
	g.serveReady(w, r)
}

// serveReady answers 200 while the gateway accepts connections and 503
// once it is shutting down; only direct loopback callers see details.
func (g *Gateway) serveReady(w http.ResponseWriter, r *http.Request) {
	ready := !g.stopping.Load()
	status := http.StatusOK
	body := map[string]any{"ready": ready}
	if !ready {
		status = http.StatusServiceUnavailable
	}
	if g.isDirectLoopback(r) {
		sockets, open := g.engine.Count()
		body["status"] = map[bool]string{true: "ready", false: "stopping"}[ready]
		body["version"] = version.Version
		body["uptimeMs"] = g.now().Sub(g.started).Milliseconds()
		body["connections"] = map[string]int{"sockets": sockets, "open": open}
	}
	writeJSON(w, status, body)
}

// isUpgrade reports whether r asks for a WebSocket upgrade.
func isUpgrade(r *http.Request) bool {
	for _, v := range strings.Split(r.Header.Get("Upgrade"), ",") {
		if strings.EqualFold(strings.TrimSpace(v), "websocket") {
			return true
		}
	}
	return false
}

// isDirectLoopback reports whether r comes straight from this host (a
// loopback peer and no proxy header), decided as admission decides it for
// upgrades.
func (g *Gateway) isDirectLoopback(r *http.Request) bool {
	info, err := g.admitter.Inspect(r)
	return err == nil && info.DirectLocal
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	data, _ := json.Marshal(body) // maps of plain values always encode
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
