package gatewire

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// Paths of a state directory's device files.
const (
	IdentityFile = "identity/device.json"
	TokenFile    = "identity/device-auth.json"
)

// Device is a client's device identity and the token cache that belongs
// to it.
type Device struct {
	// Identity signs connect requests.
	Identity *deviceauth.Identity
	// Tokens keeps the device tokens gateways issue; nil keeps none.
	Tokens *TokenStore
}

// OpenDevice loads the device identity of stateDir, creating it (mode
// 0600, directories 0700) on first use, with the token cache beside it.
func OpenDevice(stateDir string) (*Device, error) {
	path := filepath.Join(stateDir, filepath.FromSlash(IdentityFile))
	id, err := deviceauth.LoadOrCreateIdentity(path, time.Now())
	if err != nil {
		return nil, fmt.Errorf("device identity %s: %w", path, err)
	}
	return &Device{
		Identity: id,
		Tokens:   NewTokenStore(filepath.Join(stateDir, filepath.FromSlash(TokenFile))),
	}, nil
}

// ID returns the device id.
func (d *Device) ID() string { return d.Identity.DeviceID }

// storedToken returns the cached token for role, if any. A cache file
// that cannot be read is logged and treated as empty: it is rewritten
// when the gateway next issues a token.
func (d *Device) storedToken(role string, log *slog.Logger) (StoredToken, bool) {
	if d == nil || d.Tokens == nil {
		return StoredToken{}, false
	}
	t, ok, err := d.Tokens.Get(d.ID(), role)
	if err != nil {
		log.Warn("ignoring the device token cache", "err", err)
		return StoredToken{}, false
	}
	return t, ok
}
