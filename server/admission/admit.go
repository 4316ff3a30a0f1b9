package admission

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/gatewire/gatewire/runtime/engine"
)

// Settings configure admission.
type Settings struct {
	// TrustedProxies are the addresses or CIDR prefixes of reverse proxies
	// whose forwarded headers name the real client.
	TrustedProxies []string
	// AllowedOrigins are the browser origins allowed besides this host's
	// own loopback origins ("scheme://host[:port]"; "*" allows any).
	AllowedOrigins []string
}

// SettingsError reports an unusable setting.
type SettingsError struct {
	Field, Value, Problem string
}

// Error describes the problem.
func (e *SettingsError) Error() string {
	return fmt.Sprintf("admission: %s entry %q: %s", e.Field, e.Value, e.Problem)
}

// Info is what admission learned about a connection; the handshake reads
// it from engine.Admission.Data.
type Info struct {
	// ClientIP is the client's address (unmapped), from forwarded headers
	// when the peer is a trusted proxy, else the socket peer.
	ClientIP netip.Addr
	// PeerIP is the socket peer's address (unmapped).
	PeerIP netip.Addr
	// ProxyHeaders is true when the upgrade carried any proxy header.
	ProxyHeaders bool
	// ViaTrustedProxy is true when the peer is a configured trusted proxy
	// and ClientIP came from its headers.
	ViaTrustedProxy bool
	// DirectLocal is true for a loopback peer without proxy headers.
	DirectLocal bool
	// Origin and Host are the upgrade's Origin and Host headers.
	Origin string
	Host   string
}

// Admitter makes admission decisions; it is safe for concurrent use and
// its settings can be replaced while it runs.
type Admitter struct {
	mu      sync.RWMutex
	proxies []netip.Prefix
	origins originPolicy
}

// New returns an Admitter for s.
func New(s Settings) (*Admitter, error) {
	a := &Admitter{}
	if err := a.Update(s); err != nil {
		return nil, err
	}
	return a, nil
}

// Update replaces the settings; on error the old ones stay.
func (a *Admitter) Update(s Settings) error {
	proxies, err := parseProxies(s.TrustedProxies)
	if err != nil {
		return err
	}
	origins, err := newOriginPolicy(s.AllowedOrigins)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.proxies, a.origins = proxies, origins
	return nil
}

// parseProxies parses addresses and prefixes; addresses become single-host
// prefixes and IPv4-mapped forms are unmapped.
func parseProxies(list []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(list))
	for _, raw := range list {
		s := strings.TrimSpace(raw)
		if p, err := netip.ParsePrefix(s); err == nil {
			addr := p.Addr().Unmap()
			bits := p.Bits()
			if p.Addr().Is4In6() {
				bits -= 96
			}
			if bits < 0 {
				return nil, &SettingsError{Field: "trustedProxies", Value: raw, Problem: "prefix shorter than the IPv4-mapped range"}
			}
			out = append(out, netip.PrefixFrom(addr, bits).Masked())
			continue
		}
		addr, err := netip.ParseAddr(s)
		if err != nil {
			return nil, &SettingsError{Field: "trustedProxies", Value: raw, Problem: "not an IP address or CIDR prefix"}
		}
		addr = addr.Unmap()
		out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return out, nil
}

// trusted reports whether addr is a configured trusted proxy.
func (a *Admitter) trusted(addr netip.Addr) bool {
	for _, p := range a.proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Inspect works out what admission knows about an upgrade request.
func (a *Admitter) Inspect(r *http.Request) (*Info, error) {
	peer, ok := peerAddr(r)
	if !ok {
		return nil, fmt.Errorf("admission: unparseable peer address %q", r.RemoteAddr)
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	info := &Info{ClientIP: peer, PeerIP: peer, ProxyHeaders: hasProxyHeaders(r),
		Origin: strings.TrimSpace(r.Header.Get("Origin")), Host: r.Host}
	info.DirectLocal = peer.IsLoopback() && !info.ProxyHeaders
	if info.ProxyHeaders && a.trusted(peer) {
		if client, ok := forwardedClient(r, a.trusted); ok {
			info.ClientIP, info.ViaTrustedProxy = client, true
		}
	}
	return info, nil
}

// CheckOrigin applies the origin policy to a connection that carries a
// browser Origin; ok is true when it has none.
func (a *Admitter) CheckOrigin(info *Info) (ok bool, reason string) {
	if info.Origin == "" {
		return true, ""
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.origins.check(info.Origin, info.DirectLocal)
}

// Admit is an engine.Config.Admit hook: it resolves the client and refuses
// a disallowed browser Origin with HTTP 403 before the upgrade.
func (a *Admitter) Admit(r *http.Request) (engine.Admission, *engine.Rejection) {
	info, err := a.Inspect(r)
	if err != nil {
		return engine.Admission{}, &engine.Rejection{Status: http.StatusBadRequest, Body: "unparseable client address"}
	}
	if ok, _ := a.CheckOrigin(info); !ok {
		return engine.Admission{}, &engine.Rejection{Status: http.StatusForbidden, Body: OriginNotAllowed}
	}
	return engine.Admission{ClientIP: info.ClientIP, Data: info}, nil
}

// InfoOf returns the admission info of a connection admitted by an
// Admitter, or nil.
func InfoOf(c *engine.Conn) *Info {
	info, _ := c.Admission().Data.(*Info)
	return info
}
