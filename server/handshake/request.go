package handshake

import (
	"cmp"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
)

// request is a connect request with its defaults applied and what
// admission learned about the socket.
type request struct {
	p      *protocol.ConnectParams
	conn   *engine.Conn
	info   *admission.Info
	role   string
	scopes []string // as sent, in order (they are signed)
	client session.Client
	class  pairing.ClientClass
	kind   auth.ClientKind
	// protocol is the negotiated version (checkEnvelope sets it).
	protocol int

	token, password, bootstrapToken, deviceToken string
}

// newRequest gathers a connect request.
func newRequest(c *engine.Conn, p *protocol.ConnectParams) *request {
	r := &request{p: p, conn: c, info: admission.InfoOf(c), role: string(protocol.RoleOperator), scopes: p.Scopes}
	if r.info == nil {
		// Admitted without an Admitter: nobody looked at the upgrade's
		// proxy headers or Origin, so the connection is not local.
		ip := c.ClientIP()
		r.info = &admission.Info{ClientIP: ip, PeerIP: ip}
	}
	if p.Role != nil {
		r.role = *p.Role
	}
	r.client = session.Client{
		ID: string(p.Client.ID), DisplayName: deref(p.Client.DisplayName), Version: p.Client.Version,
		Platform: p.Client.Platform, DeviceFamily: deref(p.Client.DeviceFamily),
		ModelIdentifier: deref(p.Client.ModelIdentifier), Mode: string(p.Client.Mode),
		InstanceID: deref(p.Client.InstanceID), TimeZone: deref(p.Client.TimeZone),
	}
	r.class = pairing.ClassOf(p.Client.ID, p.Client.Mode)
	r.kind = auth.KindOf(p.Client.ID, p.Client.Mode)
	if a := p.Auth; a != nil {
		r.token, r.password = strings.TrimSpace(deref(a.Token)), strings.TrimSpace(deref(a.Password))
		r.bootstrapToken, r.deviceToken = strings.TrimSpace(deref(a.BootstrapToken)), strings.TrimSpace(deref(a.DeviceToken))
	}
	return r
}

// sharedProvided reports whether the connect carried a shared secret.
func (r *request) sharedProvided() bool { return r.token != "" || r.password != "" }

// credentials says which credentials were sent.
func (r *request) credentials() auth.Credentials {
	return auth.Credentials{Token: r.token != "", Password: r.password != "",
		BootstrapToken: r.bootstrapToken != "", DeviceToken: r.deviceToken != ""}
}

// signedToken is the token part of the device signature payload: the
// first non-empty of auth.token, auth.deviceToken, auth.bootstrapToken,
// as sent.
func (r *request) signedToken() string {
	a := r.p.Auth
	if a == nil {
		return ""
	}
	return deviceauth.SignedToken(deref(a.Token), deref(a.DeviceToken), deref(a.BootstrapToken))
}

// reportedIP is the client address recorded with pairing requests: none
// for local clients or when an untrusted peer sent proxy headers, and
// never a loopback address.
func (r *request) reportedIP() string {
	i := r.info
	if i.DirectLocal || (i.ProxyHeaders && !i.ViaTrustedProxy) || !i.ClientIP.IsValid() || i.ClientIP.IsLoopback() {
		return ""
	}
	return i.ClientIP.String()
}

// sharedCandidates returns the token and the password the shared-secret
// check compares. From v4 on the secret may come in either field: a
// password stands in for a missing token, and the reverse.
func (r *request) sharedCandidates() (token, password string) {
	if r.protocol < 4 {
		return r.token, r.password
	}
	return cmp.Or(r.token, r.password), cmp.Or(r.password, r.token)
}

// localCLIKeepsScopes reports v4's local CLI: client cli in cli mode on a
// v4 connection, directly from this host without a browser origin. With
// a valid shared secret it keeps the scopes it asks for although it has
// no device identity (the v4 CLI sends none).
func (r *request) localCLIKeepsScopes() bool {
	return r.protocol >= 4 && r.p.Client.ID == protocol.ClientIdCli && r.p.Client.Mode == protocol.ClientModeCli &&
		r.info.DirectLocal && r.info.Origin == ""
}

// localBackend reports the gateway's own backend helper
// (gateway-client in backend mode) connecting directly from this host
// without a browser origin.
func (r *request) localBackend() bool {
	return r.p.Client.ID == protocol.ClientIdGatewayClient && r.p.Client.Mode == protocol.ClientModeBackend &&
		r.info.DirectLocal && r.info.Origin == ""
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
