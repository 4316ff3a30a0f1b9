package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
)

// checkValues validates what the schema cannot express: addresses,
// CIDRs, origins, and secrets that are the redaction placeholder.
func checkValues(c Config) []Issue {
	var out []Issue
	add := func(msg string, tokens ...string) {
		out = append(out, Issue{Key: dottedKey(tokens), Message: msg, pointer: tokens})
	}
	if c.Gateway.Auth.Token == Redacted {
		add(placeholderSecret, "gateway", "auth", "token")
	}
	if c.Gateway.Auth.Password == Redacted {
		add(placeholderSecret, "gateway", "auth", "password")
	}
	if _, err := BindAddr(c.Gateway.Bind); err != nil {
		add(err.Error(), "gateway", "bind")
	}
	for i, p := range c.Gateway.TrustedProxies {
		if _, err := ParseProxy(p); err != nil {
			add(err.Error(), "gateway", "trustedProxies", strconv.Itoa(i))
		}
	}
	for i, o := range c.Gateway.ControlUI.AllowedOrigins {
		if err := checkOrigin(o); err != nil {
			add(err.Error(), "gateway", "controlUi", "allowedOrigins", strconv.Itoa(i))
		}
	}
	return out
}

// ParseProxy parses a trusted proxy entry: an IP address or a CIDR.
// IPv4-mapped IPv6 addresses are unmapped.
func ParseProxy(s string) (netip.Prefix, error) {
	if addr, err := netip.ParseAddr(s); err == nil {
		addr = addr.Unmap()
		return netip.PrefixFrom(addr, addr.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR", s)
	}
	if p.Addr().Is4In6() {
		bits := p.Bits() - 96
		if bits < 0 {
			return netip.Prefix{}, fmt.Errorf("%q: an IPv4-mapped prefix must be at least /96", s)
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), bits)
	}
	return p.Masked(), nil
}

// checkOrigin accepts "scheme://host[:port]" origins, and "*" (any).
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("%q is not an origin like https://example.com or http://host:8080", o)
	}
	return nil
}

// placeholderSecret says why a secret may not be the redaction
// placeholder: everyone knows it, and it is what config.get shows instead
// of the real value (a copy of that output saved as the file, say).
const placeholderSecret = "is " + Redacted + ", the placeholder config.get shows instead of a secret; use the real value"
