package admission

import (
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// OriginNotAllowed is the text of a refused browser origin, both the HTTP
// 403 body and the handshake's reply and close reason.
const OriginNotAllowed = "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)"

// Reasons an origin is refused (the handshake's details.reason).
const (
	ReasonOriginInvalid    = "origin missing or invalid"
	ReasonOriginNotAllowed = "origin not allowed"
)

// normalizeOrigin returns the canonical "scheme://host[:port]" form of a
// browser origin (lowercase, default ports dropped) and its host name.
func normalizeOrigin(raw string) (origin, hostname string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") ||
		u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", "", false
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	hostport := host
	if strings.Contains(host, ":") {
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport = net.JoinHostPort(host, port)
	}
	return scheme + "://" + hostport, host, true
}

// OriginHostname returns the host name of a browser origin, or "" when
// raw is not a valid origin.
func OriginHostname(raw string) string {
	_, hostname, _ := normalizeOrigin(raw)
	return hostname
}

// IsLoopbackHostname reports whether a host name (without port) is
// "localhost" (or a subdomain of it) or a loopback address.
func IsLoopbackHostname(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	addr, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && addr.Unmap().IsLoopback()
}

// originPolicy is a parsed allowlist.
type originPolicy struct {
	any     bool
	allowed map[string]bool
}

// newOriginPolicy parses configured origins; "*" allows every origin.
func newOriginPolicy(list []string) (originPolicy, error) {
	p := originPolicy{allowed: map[string]bool{}}
	for _, raw := range list {
		if strings.TrimSpace(raw) == "*" {
			p.any = true
			continue
		}
		o, _, ok := normalizeOrigin(raw)
		if !ok {
			return originPolicy{}, &SettingsError{Field: "allowedOrigins", Value: raw,
				Problem: `not an origin (want "http://host[:port]" or "https://host[:port]")`}
		}
		p.allowed[o] = true
	}
	return p, nil
}

// check decides about a browser origin: allowed when configured, or when
// it names this host by a loopback name and the connection is direct
// local. The request's Host header is never trusted to vouch for an
// origin (that is what DNS rebinding forges).
func (p originPolicy) check(raw string, directLocal bool) (ok bool, reason string) {
	origin, hostname, valid := normalizeOrigin(raw)
	if !valid {
		return false, ReasonOriginInvalid
	}
	if p.any || p.allowed[origin] {
		return true, ""
	}
	if directLocal && IsLoopbackHostname(hostname) {
		return true, ""
	}
	return false, ReasonOriginNotAllowed
}
