package gateway

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatewire/gatewire/gen/go/config"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/canvashost"
	"github.com/gatewire/gatewire/server/session"
)

// startCanvas builds the canvas host when canvasHost.enabled (the default, as in OpenClaw).
func (g *Gateway) startCanvas(eff config.Config) error {
	if !eff.CanvasHost.Enabled {
		return nil
	}
	root, err := g.canvasRoot(eff.CanvasHost.Root)
	if err != nil {
		return err
	}
	h, err := canvashost.New(canvashost.Options{Root: root, LiveReload: eff.CanvasHost.LiveReload, Log: g.log})
	if err != nil {
		return err
	}
	g.canvas, g.canvasCaps = h, canvashost.NewCapabilities(g.now)
	return nil
}

// canvasRoot resolves canvasHost.root: ~ is the home directory, a relative path is below the state directory,
// and none is <stateDir>/canvas.
func (g *Gateway) canvasRoot(root *string) (string, error) {
	p := deref(root)
	switch {
	case p == "":
		return filepath.Join(g.setup.StateDir.Root(), "canvas"), nil
	case p == "~" || strings.HasPrefix(p, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, strings.TrimPrefix(p, "~")), nil
	case filepath.IsAbs(p):
		return p, nil
	default:
		return filepath.Join(g.setup.StateDir.Root(), p), nil
	}
}

// closeCanvas closes the live-reload sockets and stops watching.
func (g *Gateway) closeCanvas() {
	if g.canvas != nil {
		_ = g.canvas.Close()
	}
}

// serveCanvas serves the canvas host's routes and reports whether it answered. A capability-scoped path
// (/__openclaw__/cap/<capability>/…) is rewritten first, whatever it leads to; a malformed one is refused.
func (g *Gateway) serveCanvas(w http.ResponseWriter, r *http.Request) bool {
	if g.canvas == nil {
		return g.refuseCanvasOff(w, r)
	}
	scope := canvashost.Unscope(r)
	if scope.Malformed {
		writeUnauthorized(w)
		return true
	}
	if !canvashost.Handles(r.URL.Path) {
		return false
	}
	if !g.authorizeCanvas(w, r, scope.Capability) {
		return true
	}
	g.canvas.ServeHTTP(w, r)
	return true
}

// authorizeCanvas lets a request through with a capability held by an open connection, or with the gateway
// credential as a bearer (as OpenClaw's canvas auth does: no bearer and no capability is 401, even on loopback).
func (g *Gateway) authorizeCanvas(w http.ResponseWriter, r *http.Request, capability string) bool {
	if g.canvasCaps.Valid(capability) {
		g.sockets.Authenticated(r)
		return true
	}
	if bearer(r) != "" {
		return g.authorizeHTTP(w, r)
	}
	writeUnauthorized(w)
	return false
}

// writeUnauthorized answers v3's HTTP 401.
func writeUnauthorized(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"message": "Unauthorized", "type": "unauthorized"}})
}

// canvasHello gives a protocol 3 connection its canvas URL, scoped to a capability minted for it (v4 has no
// canvasHostUrl). Nothing when the canvas host is off.
func (g *Gateway) canvasHello(c *engine.Conn, s *session.Session, hello *protocol.HelloOk) {
	if g.canvas == nil || s.Protocol != 3 {
		return
	}
	grant := g.canvasCaps.Mint(c.ID(), g.canvasBase(c))
	hello.CanvasHostURL = &grant.URL
}

// canvasBase is the canvas host's base URL for a connection: https with gateway.tls, else http, and the address
// the client reached (the upgrade's Host header), else the listener's.
func (g *Gateway) canvasBase(c *engine.Conn) string {
	scheme := "http://"
	if g.tls != nil {
		scheme = "https://"
	}
	if info := admission.InfoOf(c); info != nil && validHost(info.Host) {
		return scheme + info.Host
	}
	_, addr, _ := strings.Cut(listenURL(g.listener, g.tls != nil), "://")
	return scheme + addr
}

// validHost reports whether a Host header is a plain host[:port] (nothing that would change the URL's shape).
func validHost(h string) bool {
	if h == "" || strings.ContainsAny(h, "/?#@\\ ") {
		return false
	}
	if _, _, err := net.SplitHostPort(h); err == nil {
		return true
	}
	return !strings.Contains(strings.Trim(h, "[]"), ":") || strings.HasPrefix(h, "[")
}

// CanvasCapability mints a fresh canvas capability for a connection that was given one at connect
// (node.canvas.capability.refresh); ok is false when it was not (canvas host off, or a protocol 4 connection).
func (g *Gateway) CanvasCapability(connID string) (canvashost.Grant, bool) {
	if g.canvas == nil {
		return canvashost.Grant{}, false
	}
	return g.canvasCaps.Refresh(connID)
}

// dropCanvas forgets a closed connection's capability.
func (g *Gateway) dropCanvas(connID string) {
	if g.canvasCaps != nil {
		g.canvasCaps.Drop(connID)
	}
}

// CanvasRoot returns the folder the canvas host serves ("" when it is off).
func (g *Gateway) CanvasRoot() string {
	if g.canvas == nil {
		return ""
	}
	return g.canvas.Root()
}

// refuseCanvasOff answers 404 for the canvas host's plain HTTP routes while
// the host is off, so they never fall through to the Control UI's page
// fallback (which would answer 200 with index.html).
func (g *Gateway) refuseCanvasOff(w http.ResponseWriter, r *http.Request) bool {
	if isUpgrade(r) || !canvashost.Handles(r.URL.Path) {
		return false
	}
	http.Error(w, "Not Found", http.StatusNotFound)
	return true
}
