package deviceauth

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/gatewire/gatewire/runtime/atomicfile"
)

// Identity is a device's own Ed25519 key pair.
type Identity struct {
	// DeviceID is derived from PublicKey (see DeviceID).
	DeviceID string
	// PublicKey and PrivateKey are the Ed25519 key pair.
	PublicKey  ed25519.PublicKey
	PrivateKey ed25519.PrivateKey
	// CreatedAtMs is when the identity was generated, in epoch ms.
	CreatedAtMs int64
}

// identityFile is the on-disk form (identity/device.json).
type identityFile struct {
	Version       int    `json:"version"`
	DeviceID      string `json:"deviceId"`
	PublicKeyPem  string `json:"publicKeyPem"`
	PrivateKeyPem string `json:"privateKeyPem"`
	CreatedAtMs   int64  `json:"createdAtMs"`
}

// NewIdentity generates a fresh identity.
func NewIdentity(now time.Time) (*Identity, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating device key: %w", err)
	}
	return &Identity{DeviceID: DeviceID(pub), PublicKey: pub, PrivateKey: priv, CreatedAtMs: now.UnixMilli()}, nil
}

// LoadOrCreateIdentity reads the identity file at path, creating it (mode
// 0600, parent directories 0700) with a fresh key when it does not exist.
func LoadOrCreateIdentity(path string, now time.Time) (*Identity, error) {
	id, err := LoadIdentity(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return id, err
	}
	id, err = NewIdentity(now)
	if err != nil {
		return nil, err
	}
	return id, SaveIdentity(path, id)
}

// LoadIdentity reads an identity file.
func LoadIdentity(path string) (*Identity, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f identityFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("identity file %s: %w", path, err)
	}
	block, _ := pem.Decode([]byte(f.PrivateKeyPem))
	if block == nil {
		return nil, fmt.Errorf("identity file %s: privateKeyPem is not PEM", path)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", path, err)
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("identity file %s: not an Ed25519 key", path)
	}
	pub := priv.Public().(ed25519.PublicKey)
	id := DeviceID(pub)
	if f.DeviceID != "" && f.DeviceID != id {
		return nil, fmt.Errorf("identity file %s: deviceId does not match the key", path)
	}
	return &Identity{DeviceID: id, PublicKey: pub, PrivateKey: priv, CreatedAtMs: f.CreatedAtMs}, nil
}

// SaveIdentity writes id to path atomically with mode 0600.
func SaveIdentity(path string, id *Identity) error {
	pubDER, err := x509.MarshalPKIXPublicKey(id.PublicKey)
	if err != nil {
		return fmt.Errorf("identity file %s: encoding the public key: %w", path, err)
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(id.PrivateKey)
	if err != nil {
		return fmt.Errorf("identity file %s: encoding the private key: %w", path, err)
	}
	data, err := json.MarshalIndent(identityFile{
		Version:       1,
		DeviceID:      id.DeviceID,
		PublicKeyPem:  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})),
		PrivateKeyPem: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER})),
		CreatedAtMs:   id.CreatedAtMs,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("identity file %s: %w", path, err)
	}
	if err := atomicfile.Write(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("identity file %s: %w", path, err)
	}
	return nil
}
