package pairing

import (
	"net/netip"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/admission"
)

func TestResolveLocality(t *testing.T) {
	// container is the Control UI in a browser in a container on this
	// host: a bridge peer, loopback Host and Origin, no proxy headers.
	container := func() *admission.Info {
		peer := netip.MustParseAddr("172.17.0.1")
		return &admission.Info{ClientIP: peer, PeerIP: peer, Origin: "http://localhost:18789", Host: "127.0.0.1:18789"}
	}
	with := func(edit func(*admission.Info)) *admission.Info {
		i := container()
		edit(i)
		return i
	}
	cases := []struct {
		name     string
		info     *admission.Info
		clientID protocol.ClientId
		mode     protocol.ClientMode
		sharedOK bool
		want     Locality
	}{
		{"no admission", nil, "cli", "cli", true, LocalityRemote},
		{"direct loopback", &admission.Info{DirectLocal: true}, "cli", "cli", false, LocalityDirect},
		{"control ui in a container", container(), "openclaw-control-ui", "webchat", true, LocalityBrowserContainer},
		{"ipv6 loopback host", with(func(i *admission.Info) { i.Host = "[::1]:18789" }), "openclaw-control-ui", "webchat", true, LocalityBrowserContainer},
		{"without the shared secret", container(), "openclaw-control-ui", "webchat", false, LocalityRemote},
		{"another client", container(), "webchat-ui", "webchat", true, LocalityRemote},
		{"through a proxy", with(func(i *admission.Info) { i.ProxyHeaders = true }), "openclaw-control-ui", "webchat", true, LocalityRemote},
		{"public peer", with(func(i *admission.Info) { i.PeerIP = netip.MustParseAddr("203.0.113.9") }), "openclaw-control-ui", "webchat", true, LocalityRemote},
		{"no origin", with(func(i *admission.Info) { i.Origin = "" }), "openclaw-control-ui", "webchat", true, LocalityRemote},
		{"remote origin", with(func(i *admission.Info) { i.Origin = "https://ui.example" }), "openclaw-control-ui", "webchat", true, LocalityRemote},
		{"remote host", with(func(i *admission.Info) { i.Host = "gateway.example:18789" }), "openclaw-control-ui", "webchat", true, LocalityRemote},
	}
	for _, c := range cases {
		got := ResolveLocality(LocalityInput{Admission: c.info, ClientID: c.clientID,
			ClientMode: c.mode, SharedSecretOK: c.sharedOK})
		if got != c.want {
			t.Errorf("%s: locality %s, want %s", c.name, got, c.want)
		}
	}
}
