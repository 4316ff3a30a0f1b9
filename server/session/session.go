// Package session holds what the gateway knows about one open connection:
// who the client is, how it authenticated, which role and scopes it was
// granted, and where it connected from. The handshake creates a Session;
// the engine's rpc.Peer carries the part every handler may read (role,
// scopes, identity), and the server-only rest (the secret generation, a
// node's declared commands) is found by connection id in a Registry.
package session

import (
	"net/netip"
	"sync"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// Authentication methods a connection may have used.
const (
	AuthNone        = "none"
	AuthToken       = "token"
	AuthPassword    = "password"
	AuthDeviceToken = "device-token"
)

// Session describes one open connection.
type Session struct {
	// Role is "operator" or "node"; Scopes are the granted scopes.
	Role   string
	Scopes []string

	// Client is what the client said about itself in connect.client
	// (platform and device family are the pinned values for paired
	// devices).
	Client Client
	// DeviceID is the verified device id, empty without a device proof.
	DeviceID string

	// AuthMethod is how the connection authenticated (Auth* constants).
	AuthMethod string
	// SecretGeneration is the generation of the shared secret the
	// connection authenticated with (AuthToken/AuthPassword); when the
	// configured secret changes the connection is closed.
	SecretGeneration uint64

	// ClientIP is the client's address, as decided at the upgrade.
	ClientIP netip.Addr

	// Caps, Commands, Permissions and PathEnv are what a node connection
	// declared in connect (empty for operators).
	Caps        []string
	Commands    []string
	Permissions map[string]bool
	PathEnv     string

	// ConnectedAt is when the handshake completed.
	ConnectedAt time.Time

	// Protocol is the negotiated protocol version.
	Protocol int
}

// Client is the connect.client block; its fields are those of the
// protocol's ClientInfo, "" when the client left them out.
type Client struct {
	ID              string
	DisplayName     string
	Version         string
	Platform        string
	DeviceFamily    string
	ModelIdentifier string
	Mode            string
	InstanceID      string
	// TimeZone is the v4 client.timeZone.
	TimeZone string
}

// Peer returns the engine peer for s at its negotiated protocol version.
func (s *Session) Peer() *rpc.Peer {
	return &rpc.Peer{
		Role: rpc.Role(s.Role), Scopes: s.Scopes, Caps: s.Caps, Protocol: s.Protocol,
		Identity: rpc.Identity{
			DeviceID: s.DeviceID, ClientID: s.Client.ID, ClientMode: s.Client.Mode, DisplayName: s.Client.DisplayName,
			InstanceID: s.Client.InstanceID, Platform: s.Client.Platform, Version: s.Client.Version,
			DeviceFamily: s.Client.DeviceFamily, ModelIdentifier: s.Client.ModelIdentifier,
			ClientIP: s.ClientIP, AuthMethod: s.AuthMethod,
		},
	}
}

// Registry finds the session of an open connection by connection id.
type Registry struct{ m sync.Map }

// Put records the session of connection connID.
func (r *Registry) Put(connID string, s *Session) { r.m.Store(connID, s) }

// Of returns the session of connection connID, or nil.
func (r *Registry) Of(connID string) *Session {
	if v, ok := r.m.Load(connID); ok {
		return v.(*Session)
	}
	return nil
}

// Drop forgets the session of connection connID.
func (r *Registry) Drop(connID string) { r.m.Delete(connID) }

// SecretStale reports whether s authenticated with a shared secret
// (token or password) whose generation is no longer current.
func (s *Session) SecretStale(current uint64) bool {
	switch s.AuthMethod {
	case AuthToken, AuthPassword:
		return s.SecretGeneration != current
	}
	return false
}

// HasScope reports whether the session's scopes satisfy want, judged by
// the manifest's scope table.
func (s *Session) HasScope(table rpc.ScopeTable, want string) bool {
	return table.Satisfies(rpc.Role(s.Role), s.Scopes, want)
}
