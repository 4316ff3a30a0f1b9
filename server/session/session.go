// Package session holds what the gateway knows about one open connection:
// who the client is, how it authenticated, which role and scopes it was
// granted, and where it connected from. The handshake creates a Session
// and stores it in the connection's engine.Peer; handlers read it back
// with From.
package session

import (
	"context"
	"net/netip"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
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
}

// Of returns the session of a connection, or nil before its handshake.
func Of(c *engine.Conn) *Session {
	if p := c.Peer(); p != nil {
		if s, ok := p.Data.(*Session); ok {
			return s
		}
	}
	return nil
}

// From returns the session of the connection a request arrived on.
func From(ctx context.Context) (*Session, *engine.Conn, bool) {
	c, ok := engine.ConnFrom(ctx)
	if !ok {
		return nil, nil, false
	}
	s := Of(c)
	return s, c, s != nil
}

// Peer returns the engine peer for s.
func (s *Session) Peer() *engine.Peer {
	return &engine.Peer{Role: s.Role, Scopes: s.Scopes, Data: s}
}

// SecretStale reports whether s authenticated with a shared secret
// (token or password) whose generation is no longer current.
func (s *Session) SecretStale(current uint64) bool {
	switch s.AuthMethod {
	case AuthToken, AuthPassword:
		return s.SecretGeneration != current
	}
	return false
}

// HasScope reports whether the session's scopes satisfy want.
func (s *Session) HasScope(want string) bool { return engine.ScopesSatisfy(s.Scopes, want) }
