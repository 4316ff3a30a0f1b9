package doctor

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/version"
)

// probeTimeout bounds the HTTP probe of a busy port.
const probeTimeout = 2 * time.Second

// checkPort tries the gateway's address: free (no gateway runs), held by
// a gatewire gateway, or held by something else.
func (d *doctor) checkPort(ctx context.Context) {
	if d.eff == nil {
		return
	}
	port := d.eff.Gateway.Port
	addr, err := config.BindAddr(d.eff.Gateway.Bind)
	if err != nil {
		return // the config check reported it
	}
	ap := netip.AddrPortFrom(addr, uint16(port))
	ln, err := net.Listen("tcp", ap.String())
	if err == nil {
		ln.Close()
		d.add("port", Info, "", "port %d is free: no gateway is running on it (start one with `gatewire gateway%s` or `gatewire gateway start%s`)",
			port, d.profileFlags(), d.profileFlags())
		return
	}
	switch {
	case errors.Is(err, syscall.EACCES):
		d.add("port", Error, "gatewire gateway"+d.profileFlags()+" --port 18789",
			"port %d needs privileges to listen on: %v", port, err)
	case errors.Is(err, syscall.EADDRINUSE):
		if server, ok := probeGatewire(ctx, ap, d.eff.Gateway.Tls.Enabled); ok {
			d.add("port", OK, "", "a gatewire gateway (%s) answers on port %d", server, port)
			return
		}
		d.add("port", Error, fmt.Sprintf("ss -ltnp 'sport = :%d'  # find the program, stop it, or give the gateway another port: gatewire gateway%s --port <port>", port, d.profileFlags()),
			"port %d is held by another program, not a gatewire gateway: the gateway cannot start", port)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		d.add("port", Error, editFix(d.configPath(), "set gateway.bind to \"loopback\", \"lan\" or an address of this host"),
			"gateway.bind %q is not an address of this host: %v", d.eff.Gateway.Bind, err)
	default:
		d.add("port", Error, "gatewire gateway"+d.profileFlags(), "cannot listen on %s: %v", ap, err)
	}
}

// probeGatewire asks the listener on ap (over TLS when secure) for /health and reports its
// Server header and whether it is a gatewire gateway.
func probeGatewire(ctx context.Context, ap netip.AddrPort, secure bool) (server string, ok bool) {
	if ap.Addr().IsUnspecified() {
		ap = netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), ap.Port())
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	scheme, client := "http", http.DefaultClient
	if secure {
		// Only the Server header is read, and nothing is sent: the
		// certificate is the TLS check's business.
		scheme = "https"
		client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // see above
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, scheme+"://"+ap.String()+"/health", nil)
	if err != nil {
		return "", false
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", false
	}
	resp.Body.Close()
	server = resp.Header.Get("Server")
	return server, strings.HasPrefix(server, version.Product+"/")
}

// configPath is the config file doctor read.
func (d *doctor) configPath() string {
	if d.opts.ConfigPath != "" {
		return d.opts.ConfigPath
	}
	return d.opts.StateDir.ConfigFile()
}
