package gateway

import (
	"fmt"
	"net/http"
)

// Environment variables that set Setup.MaxPreauthSocketsPerIP for the
// gateway command (gatewire's name first; OpenClaw's is honoured too).
const (
	EnvMaxPreauthSockets         = "GATEWIRE_MAX_PREAUTH_CONNECTIONS_PER_IP"
	EnvMaxPreauthSocketsOpenClaw = "OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP"
)

// preauthExhausted is v3's body of the 503 that refuses a socket over the
// per-address cap; a client on this host also gets the reason and the
// way out after it.
const preauthExhausted = "Too many unauthenticated sockets"

// refuseSocket answers a request that arrived on a socket accepted over
// the per-address cap with 503 and closes the socket.
func (g *Gateway) refuseSocket(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close")
	body := preauthExhausted
	info, err := g.admitter.Inspect(r)
	if err == nil && info.DirectLocal {
		body += "\n" + capExplanation(info.PeerIP.String(), g.sockets.Max())
	}
	g.log.Warn("refusing socket: too many unauthenticated sockets from one address",
		"peer", r.RemoteAddr, "max", g.sockets.Max())
	http.Error(w, body, http.StatusServiceUnavailable)
}

// capExplanation says which limit refused a client on this host, and how
// to change it.
func capExplanation(addr string, max int) string {
	return fmt.Sprintf("%s already holds %d sockets to this gateway that have not completed a connect handshake "+
		"(the per-address limit; idle HTTP keep-alive sockets count until they close, after %s idle). "+
		"Close idle connections, or start the gateway with %s=<n> (or %s) to raise the limit.",
		addr, max, httpIdleTimeout, EnvMaxPreauthSockets, EnvMaxPreauthSocketsOpenClaw)
}
