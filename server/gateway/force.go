package gateway

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/gatewire/gatewire/server/version"
)

// Timing of --force.
const (
	probeTimeout  = time.Second
	forceWait     = 5 * time.Second
	forceInterval = 50 * time.Millisecond
)

// holder describes what listens on a busy port.
type holder struct {
	gatewire bool   // it answered GET /health as a gatewire gateway
	server   string // its HTTP Server header, if it answered HTTP
	pid      int    // its process id, 0 when unknown
	command  string // its process name, when known
}

// String names the holder for error messages.
func (h holder) String() string {
	var who string
	switch {
	case h.gatewire:
		who = "a gatewire gateway (" + h.server + ")"
	case h.server != "":
		who = fmt.Sprintf("an HTTP server that is not gatewire (Server: %s)", h.server)
	default:
		who = "a listener that is not a gatewire gateway"
	}
	if h.pid > 0 {
		who += fmt.Sprintf(", process %d", h.pid)
		if h.command != "" {
			who += " (" + h.command + ")"
		}
	}
	return who
}

// identifyHolder probes GET /health on the busy address and looks for the
// process listening on its port.
func identifyHolder(ap netip.AddrPort) holder {
	h := holder{}
	h.server, h.gatewire = probeGatewire(ap)
	h.pid, h.command = listenerProcess(ap.Port())
	return h
}

// probeGatewire asks the listener for /health and reports its Server
// header and whether it is a gatewire gateway.
func probeGatewire(ap netip.AddrPort) (server string, gatewire bool) {
	// A gateway serving TLS is asked over https; only its Server header
	// is read, so its certificate is not checked.
	client := &http.Client{Timeout: probeTimeout, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // identification only, nothing is sent
	}}
	resp, err := client.Get("http://" + dialable(ap).String() + "/health")
	if err == nil && resp.StatusCode == http.StatusBadRequest && resp.Header.Get("Server") == "" {
		resp.Body.Close() // plain HTTP to a TLS listener
		resp, err = client.Get("https://" + dialable(ap).String() + "/health")
	}
	if err != nil {
		return "", false
	}
	resp.Body.Close()
	server = resp.Header.Get("Server")
	return server, strings.HasPrefix(server, version.Product+"/")
}

// forceListen stops the gatewire gateway holding ap (SIGTERM, then up to
// 5 s for the port to free) and listens in its place. It refuses to touch
// anything that is not a gatewire gateway.
func forceListen(ap netip.AddrPort, h holder, log *slog.Logger) (net.Listener, error) {
	if !h.gatewire {
		return nil, fmt.Errorf("port %d is in use by %s; --force only stops gatewire gateways", ap.Port(), h)
	}
	if h.pid <= 0 {
		return nil, fmt.Errorf("port %d is held by a gatewire gateway whose process could not be found (it may belong to another user); stop it by hand", ap.Port())
	}
	log.Warn("stopping the gatewire gateway that holds the port", "port", ap.Port(), "pid", h.pid)
	if err := terminate(h.pid); err != nil {
		return nil, fmt.Errorf("stopping gatewire process %d: %w", h.pid, err)
	}
	deadline := time.Now().Add(forceWait)
	for {
		ln, err := net.Listen("tcp", ap.String())
		if err == nil {
			return ln, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("port %d still in use %s after stopping gatewire process %d: %w", ap.Port(), forceWait, h.pid, err)
		}
		time.Sleep(forceInterval)
	}
}
