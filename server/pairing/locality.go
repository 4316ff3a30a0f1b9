package pairing

import (
	"net"
	"net/netip"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/admission"
)

// Locality is how local a connection counts for silent pairing.
type Locality string

// Localities. v3 also names cli_container_local and
// shared_secret_loopback_local, but both require a loopback peer without
// proxy headers, which is already direct_local, so neither can occur.
const (
	LocalityDirect           Locality = "direct_local"
	LocalityBrowserContainer Locality = "browser_container_local"
	LocalityRemote           Locality = "remote"
)

// LocalityInput is what decides a connection's locality.
type LocalityInput struct {
	Admission *admission.Info
	// ClientID and ClientMode are connect.client.id and mode.
	ClientID   protocol.ClientId
	ClientMode protocol.ClientMode
	// SharedSecretOK is true when the connection authenticated with the
	// gateway token or password.
	SharedSecretOK bool
}

// ResolveLocality returns a connection's pairing locality: direct_local
// for a loopback peer without proxy headers; browser_container_local for
// the Control UI in web chat mode with a valid shared secret, no proxy
// headers, a private or loopback peer and loopback Host and Origin (a
// browser in a container on this host); remote otherwise (same-host LAN
// or tailnet addresses included).
func ResolveLocality(in LocalityInput) Locality {
	a := in.Admission
	switch {
	case a == nil:
		return LocalityRemote
	case a.DirectLocal:
		return LocalityDirect
	case in.ClientID == protocol.ClientIdOpenclawControlUI && in.ClientMode == protocol.ClientModeWebchat &&
		in.SharedSecretOK && !a.ProxyHeaders && a.Origin != "" && isPrivateOrLoopback(a.PeerIP) &&
		admission.IsLoopbackHostname(hostOnly(a.Host)) && admission.IsLoopbackHostname(admission.OriginHostname(a.Origin)):
		return LocalityBrowserContainer
	}
	return LocalityRemote
}

// cgnat is the carrier-grade NAT range, private for locality purposes.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// isPrivateOrLoopback reports RFC 1918, ULA, link-local, CGNAT and
// loopback addresses.
func isPrivateOrLoopback(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || cgnat.Contains(a)
}

// hostOnly strips a port from a Host header.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}
