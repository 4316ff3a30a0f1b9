package rpc

import "net/netip"

// Identity is who is behind a connection, as its handshake established
// it: what the client said about itself in connect.client, the verified
// device, where it connected from and how it authenticated.
type Identity struct {
	// DeviceID is the verified device id; "" without a device proof.
	DeviceID string
	// ClientID, ClientMode, DisplayName, InstanceID, Platform, Version,
	// DeviceFamily and ModelIdentifier are connect.client's fields, ""
	// when the client left them out.
	ClientID        string
	ClientMode      string
	DisplayName     string
	InstanceID      string
	Platform        string
	Version         string
	DeviceFamily    string
	ModelIdentifier string
	// ClientIP is the client's address, as decided at the upgrade.
	ClientIP netip.Addr
	// AuthMethod is how the connection authenticated, e.g. "token".
	AuthMethod string
}

// Peer is who a connection acts as once its handshake succeeded.
type Peer struct {
	// Role is the negotiated role as the client sent it (one of the
	// manifest's roles for a valid connection).
	Role Role
	// Scopes are the scopes the server granted (never the ones a client
	// merely declared).
	Scopes []string
	// Caps are the capabilities the client declared in connect (e.g.
	// "tool-events").
	Caps []string
	// Protocol is the negotiated protocol version.
	Protocol int
	// Identity is who the connection is.
	Identity Identity
}

// HasCap reports whether the peer declared capability c.
func (p *Peer) HasCap(c string) bool {
	for _, x := range p.Caps {
		if x == c {
			return true
		}
	}
	return false
}

// Responder is what the runtime gives a Call to answer early and to run
// work after the reply.
type Responder interface {
	// Interim sends the interim ("accepted") reply of a two-phase request.
	Interim(payload any) error
	// AfterReply registers fn to run once the final reply is queued.
	AfterReply(fn func())
}

// Call is one request as its handler sees it: the method, the
// connection it arrived on and who that connection is.
type Call struct {
	// Method is the method's wire name.
	Method string
	// ConnID is the connection's id (hello-ok server.connId).
	ConnID string
	// Peer is the caller; never nil in a dispatched call.
	Peer *Peer
	// Scopes is the manifest's scope table, which judges Peer's scopes.
	Scopes ScopeTable

	resp Responder
}

// NewCall returns a call of method from peer on connection connID;
// resp answers it early and runs work after its reply (nil for neither).
func NewCall(method, connID string, peer *Peer, scopes ScopeTable, resp Responder) *Call {
	return &Call{Method: method, ConnID: connID, Peer: peer, Scopes: scopes, resp: resp}
}

// Init fills c in place, for a runtime that allocates calls itself.
func (c *Call) Init(method, connID string, peer *Peer, scopes ScopeTable, resp Responder) {
	*c = Call{Method: method, ConnID: connID, Peer: peer, Scopes: scopes, resp: resp}
}

// HasScope reports whether the caller's scopes satisfy want.
func (c *Call) HasScope(want string) bool {
	return c.Scopes.Satisfies(c.Peer.Role, c.Peer.Scopes, want)
}

// Accept sends payload as the interim reply of the two-phase request;
// the handler's return value becomes the final reply, sent later under
// the same request id.
func (c *Call) Accept(payload any) error {
	if c.resp == nil {
		return ErrNoResponder
	}
	return c.resp.Interim(payload)
}

// AfterReply runs fn after the call's reply has been queued on its
// connection, e.g. to close that connection once the caller has its
// answer. Without a runtime behind the call, fn runs at once.
func (c *Call) AfterReply(fn func()) {
	if c.resp == nil {
		fn()
		return
	}
	c.resp.AfterReply(fn)
}
