package gateway

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"github.com/gatewire/gatewire/server/config"
)

// listen opens the gateway's TCP listener on the configured bind and
// port. A busy port is an error naming what holds it, unless Force is set
// and the holder is a gatewire gateway, which is then stopped.
func (g *Gateway) listen() error {
	if g.setup.Listener != nil {
		g.listener = g.serveTLS(g.setup.Listener)
		return nil
	}
	eff := g.cfg.Effective()
	addr, err := config.BindAddr(eff.Gateway.Bind)
	if err != nil {
		return err
	}
	ap := netip.AddrPortFrom(addr, uint16(eff.Gateway.Port))
	ln, err := net.Listen("tcp", ap.String())
	if err == nil {
		g.listener = g.serveTLS(ln)
		return nil
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("listening on %s: %w", ap, err)
	}
	holder := identifyHolder(ap)
	if !g.setup.Force {
		return fmt.Errorf("port %d is already in use by %s; stop it, choose another --port, or pass --force if it is a gatewire gateway", ap.Port(), holder)
	}
	ln, err = forceListen(ap, holder, g.log)
	if err != nil {
		return err
	}
	g.listener = g.serveTLS(ln)
	return nil
}

// listenURL is the URL clients on this host use: wss:// when the
// listener serves TLS.
func listenURL(ln net.Listener, secure bool) string {
	scheme := "ws://"
	if secure {
		scheme = "wss://"
	}
	ap, err := netip.ParseAddrPort(ln.Addr().String())
	if err != nil {
		return scheme + ln.Addr().String()
	}
	return scheme + dialable(ap).String()
}

// dialable is the address a client on this host dials to reach a
// listener on ap: a listener on every interface is reached over loopback.
func dialable(ap netip.AddrPort) netip.AddrPort {
	if ap.Addr().IsUnspecified() {
		return netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), ap.Port())
	}
	return ap
}
