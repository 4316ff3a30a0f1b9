package gatewire

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coder/websocket"
)

// ScopesError is a handshake that succeeded with fewer scopes than were
// asked for: the gateway decides the scopes (a paired device's approved
// scopes; a client without a device identity that is not the gateway's
// own local backend gets none), and calls needing a missing scope would
// each fail with "missing scope". Dial returns it, having closed the
// connection, unless Options.AllowFewerScopes is set.
type ScopesError struct {
	// Role is the granted role; Requested, Granted and Missing are the
	// scopes asked for, those the gateway granted and those asked for but
	// not granted (nor implied by a granted one).
	Role      string
	Requested []string
	Granted   []string
	Missing   []string
}

// Error says which scopes are missing and what usually grants them.
func (e *ScopesError) Error() string {
	granted := "none"
	if len(e.Granted) > 0 {
		granted = strings.Join(e.Granted, ", ")
	}
	return fmt.Sprintf("gateway granted fewer scopes than requested: missing %s (granted: %s); "+
		"scopes come from pairing: connect with a paired device identity (Options.Device), "+
		"or set Options.AllowFewerScopes to connect anyway", strings.Join(e.Missing, ", "), granted)
}

// Role returns the role the gateway granted.
func (c *Conn) Role() string { return c.hello.Auth.Role }

// Scopes returns the scopes the gateway granted (never nil). They can be
// fewer than Options.Scopes asked for (see ScopesError).
func (c *Conn) Scopes() []string {
	if c.hello.Auth.Scopes == nil {
		return []string{}
	}
	return slices.Clone(c.hello.Auth.Scopes)
}

// HasScope reports whether the granted scopes satisfy want, with the
// protocol's implications (operator.admin satisfies every operator scope,
// operator.write satisfies operator.read).
func (c *Conn) HasScope(want string) bool {
	return ScopesSatisfy(c.hello.Auth.Role, c.hello.Auth.Scopes, want)
}

// checkScopes returns a *ScopesError, having closed the connection, when
// the gateway granted fewer scopes than requested and the options do not
// allow it.
func (c *Conn) checkScopes(requested []string) error {
	var missing []string
	for _, s := range requested {
		if !c.HasScope(s) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 || c.opts.AllowFewerScopes {
		return nil
	}
	_ = c.closeNormal()
	return &ScopesError{Role: c.Role(), Requested: slices.Clone(requested), Granted: c.Scopes(), Missing: missing}
}

// closeNormal closes the connection normally and waits until it is gone.
func (c *Conn) closeNormal() error {
	c.closeWith(websocket.StatusNormalClosure, "")
	<-c.done
	return nil
}
