package gatewire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/gatewire/gatewire/runtime/atomicfile"
)

// StoredToken is a device token a gateway issued in hello-ok, as the
// token cache keeps it.
type StoredToken struct {
	// Token is the device token itself.
	Token string `json:"token"`
	// Role and Scopes are what hello-ok granted with it.
	Role   string   `json:"role"`
	Scopes []string `json:"scopes"`
	// UpdatedAtMs is when it was stored, in epoch ms.
	UpdatedAtMs int64 `json:"updatedAtMs"`
}

// tokenFile is the on-disk form of identity/device-auth.json.
type tokenFile struct {
	Version  int                    `json:"version"`
	DeviceID string                 `json:"deviceId"`
	Tokens   map[string]StoredToken `json:"tokens"`
}

const tokenFileVersion = 1

// TokenStore is the device-token cache file of a state directory: one
// token per role for one device id, written atomically with mode 0600.
// The file is read on every lookup so that several processes sharing a
// state directory see each other's updates.
type TokenStore struct {
	path string
	mu   sync.Mutex
}

// NewTokenStore returns the store kept in the file at path (which need
// not exist yet).
func NewTokenStore(path string) *TokenStore { return &TokenStore{path: path} }

// Get returns the token stored for deviceID and role.
func (s *TokenStore) Get(deviceID, role string) (StoredToken, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.read()
	if err != nil || f.DeviceID != deviceID {
		return StoredToken{}, false, err
	}
	t, ok := f.Tokens[role]
	if !ok || t.Token == "" {
		return StoredToken{}, false, nil
	}
	return t, true, nil
}

// Put stores t for deviceID under t.Role. Tokens kept for another device
// id are dropped: the file belongs to the state directory's identity.
func (s *TokenStore) Put(deviceID string, t StoredToken) error {
	return s.update(deviceID, func(tokens map[string]StoredToken) { tokens[t.Role] = t })
}

// Remove forgets the token of deviceID for role.
func (s *TokenStore) Remove(deviceID, role string) error {
	return s.update(deviceID, func(tokens map[string]StoredToken) { delete(tokens, role) })
}

// update applies change to the tokens of deviceID and writes the file. A
// file that cannot be read is a lost cache and is replaced.
func (s *TokenStore) update(deviceID string, change func(map[string]StoredToken)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.read()
	if err != nil || f.DeviceID != deviceID || f.Tokens == nil {
		f = tokenFile{Version: tokenFileVersion, DeviceID: deviceID, Tokens: map[string]StoredToken{}}
	}
	change(f.Tokens)
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding device tokens: %w", err)
	}
	if err := atomicfile.Write(s.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing device tokens %s: %w", s.path, err)
	}
	return nil
}

// read loads the file; a missing file is an empty store.
func (s *TokenStore) read() (tokenFile, error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return tokenFile{}, nil
	}
	if err != nil {
		return tokenFile{}, fmt.Errorf("reading device tokens: %w", err)
	}
	var f tokenFile
	if err := json.Unmarshal(data, &f); err != nil {
		return tokenFile{}, fmt.Errorf("device token file %s: %w", s.path, err)
	}
	if f.Version != tokenFileVersion {
		return tokenFile{}, fmt.Errorf("device token file %s: unsupported version %d", s.path, f.Version)
	}
	return f, nil
}
