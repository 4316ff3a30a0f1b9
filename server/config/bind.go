package config

import (
	"errors"
	"fmt"
	"net/netip"
)

// Bind values with a meaning of their own; anything else must be an IP
// address.
const (
	BindLoopback = "loopback" // 127.0.0.1
	BindLAN      = "lan"      // every interface (0.0.0.0)
)

// openClawBindModes are OpenClaw's gateway.bind values that gatewire
// does not implement (it has "loopback" and "lan").
var openClawBindModes = map[string]bool{"auto": true, "custom": true, "tailnet": true}

// BindAddr returns the IP address a bind value listens on.
func BindAddr(bind string) (netip.Addr, error) {
	switch bind {
	case BindLoopback, "":
		return netip.AddrFrom4([4]byte{127, 0, 0, 1}), nil
	case BindLAN:
		return netip.IPv4Unspecified(), nil
	}
	addr, err := netip.ParseAddr(bind)
	if err != nil && openClawBindModes[bind] {
		return netip.Addr{}, fmt.Errorf("bind %q is an OpenClaw bind mode gatewire does not support; use \"loopback\", \"lan\" or an IP address", bind)
	}
	if err != nil {
		return netip.Addr{}, fmt.Errorf("bind %q is not \"loopback\", \"lan\" or an IP address", bind)
	}
	if addr.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("bind %q: zoned addresses are not supported", bind)
	}
	return addr.Unmap(), nil
}

// IsLoopbackBind reports whether a bind value listens on loopback only.
func IsLoopbackBind(bind string) bool {
	addr, err := BindAddr(bind)
	return err == nil && addr.IsLoopback()
}

// ErrExposed is wrapped by CheckExposure's errors.
var ErrExposed = errors.New("refusing to listen on a non-loopback address without a credential")

// CheckExposure enforces that a gateway reachable from other hosts always
// requires a credential: a non-loopback bind with auth mode "none", or
// with an empty token or password for its mode, is refused.
func CheckExposure(c Config) error {
	bind := c.Gateway.Bind
	if IsLoopbackBind(bind) {
		return nil
	}
	switch mode := AuthMode(c); {
	case mode == AuthNone:
		return fmt.Errorf("%w: bind %q with auth mode \"none\"; use --bind loopback or set a token (--token, GATEWIRE_TOKEN, gateway.auth.token)", ErrExposed, bind)
	case mode == AuthToken && c.Gateway.Auth.Token == "":
		return fmt.Errorf("%w: bind %q with auth mode \"token\" but no token; set one with --token, GATEWIRE_TOKEN or gateway.auth.token", ErrExposed, bind)
	case mode == AuthPassword && c.Gateway.Auth.Password == "":
		return fmt.Errorf("%w: bind %q with auth mode \"password\" but no password; set one with --password, GATEWIRE_PASSWORD or gateway.auth.password", ErrExposed, bind)
	}
	return nil
}
