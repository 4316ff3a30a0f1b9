package admission

import (
	"net/http"
	"net/netip"
	"strings"
)

// proxyHeaders are the headers whose presence means a request came
// through a proxy; any of them makes a connection non-local.
var proxyHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "X-Forwarded-Host"}

// hasProxyHeaders reports whether r carries any proxy header.
func hasProxyHeaders(r *http.Request) bool {
	for _, h := range proxyHeaders {
		for _, v := range r.Header.Values(h) {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	}
	return false
}

// peerAddr returns the socket peer's address, unmapped.
func peerAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		addr, err := netip.ParseAddr(r.RemoteAddr)
		return addr.Unmap(), err == nil
	}
	return ap.Addr().Unmap(), true
}

// forwardedClient returns the client address a trusted proxy reported:
// the right-most X-Forwarded-For (else Forwarded "for=") entry that is not
// itself a trusted proxy, else X-Real-IP.
func forwardedClient(r *http.Request, trusted func(netip.Addr) bool) (netip.Addr, bool) {
	if addr, ok := rightmostUntrusted(xffChain(r), trusted); ok {
		return addr, true
	}
	if addr, ok := rightmostUntrusted(forwardedChain(r), trusted); ok {
		return addr, true
	}
	if v := strings.TrimSpace(r.Header.Get("X-Real-IP")); v != "" {
		return parseHop(v)
	}
	return netip.Addr{}, false
}

// rightmostUntrusted walks a hop chain from the nearest hop outwards and
// returns the first address that is not a trusted proxy. An unparseable
// hop ends the walk: nothing before it can be trusted.
func rightmostUntrusted(chain []string, trusted func(netip.Addr) bool) (netip.Addr, bool) {
	for i := len(chain) - 1; i >= 0; i-- {
		addr, ok := parseHop(chain[i])
		if !ok {
			return netip.Addr{}, false
		}
		if !trusted(addr) {
			return addr, true
		}
	}
	return netip.Addr{}, false
}

// xffChain returns the X-Forwarded-For hops, oldest first, across every
// header line.
func xffChain(r *http.Request) []string {
	var hops []string
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for _, h := range strings.Split(line, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// forwardedChain returns the "for=" values of RFC 7239 Forwarded headers,
// oldest first.
func forwardedChain(r *http.Request) []string {
	var hops []string
	for _, line := range r.Header.Values("Forwarded") {
		for _, elem := range strings.Split(line, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") {
					hops = append(hops, strings.Trim(strings.TrimSpace(v), `"`))
				}
			}
		}
	}
	return hops
}

// parseHop parses one forwarded address: "1.2.3.4", "1.2.3.4:80",
// "[2001:db8::1]:80", "2001:db8::1" or "::ffff:1.2.3.4"; the result is
// unmapped.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return addr.Unmap(), true
}
