package gatewaytls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Validity of a generated certificate: ten years, as OpenClaw's
// (openssl req -days 3650), starting an hour early for skewed clocks.
const (
	generatedValidity = 3650 * 24 * time.Hour
	generatedBackdate = time.Hour
)

// GeneratedCommonName is the subject of a generated certificate.
const GeneratedCommonName = "gatewire-gateway"

// Generate makes a self-signed ECDSA P-256 certificate for the gateway
// and writes its key to p.Key and the certificate to p.Cert (both 0600,
// each written whole through a rename; folders it creates are 0700). The
// certificate names localhost, the loopback addresses and this host's
// name; clients pin it by fingerprint rather than by name.
func Generate(p Paths, now time.Time) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("gateway tls: generating a key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return fmt.Errorf("gateway tls: serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: GeneratedCommonName},
		NotBefore:             now.Add(-generatedBackdate),
		NotAfter:              now.Add(generatedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              generatedNames(),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("gateway tls: creating the certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("gateway tls: encoding the key: %w", err)
	}
	if err := writePEM(p.Key, "PRIVATE KEY", keyDER); err != nil {
		return err
	}
	return writePEM(p.Cert, "CERTIFICATE", der)
}

// generatedNames are the DNS names of a generated certificate.
func generatedNames() []string {
	names := []string{"localhost"}
	if h, err := os.Hostname(); err == nil && h != "" && h != "localhost" {
		names = append(names, h)
	}
	return names
}

// writePEM writes one PEM block to path (0600) through a temporary file
// in the same folder, so that a reader never sees half a file.
func writePEM(path, kind string, der []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("gateway tls: creating %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("gateway tls: writing %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("gateway tls: writing %s: %w", path, err)
	}
	werr := pem.Encode(f, &pem.Block{Type: kind, Bytes: der})
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		return fmt.Errorf("gateway tls: writing %s: %w", path, werr)
	}
	return nil
}
