package gatewaytls

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"
)

// Material is a loaded certificate and key, ready to serve.
type Material struct {
	// Certificate is what the gateway presents: the leaf, its
	// intermediates (from the certificate file, then the CA bundle) and
	// the key.
	Certificate tls.Certificate
	// Leaf is the parsed leaf certificate (its NotAfter is the expiry).
	Leaf *x509.Certificate
	// Fingerprint is the leaf's SHA-256 fingerprint (see Fingerprint).
	Fingerprint string
	// Paths are the files it was read from.
	Paths Paths
}

// SelfSigned reports whether the leaf signs itself (a generated or
// otherwise self-signed certificate, which clients must pin).
func (m *Material) SelfSigned() bool {
	l := m.Leaf
	return bytes.Equal(l.RawIssuer, l.RawSubject) && l.CheckSignature(l.SignatureAlgorithm, l.RawTBSCertificate, l.Signature) == nil
}

// ExpiresIn returns how long the leaf stays valid after now (negative
// once it has expired).
func (m *Material) ExpiresIn(now time.Time) time.Duration { return m.Leaf.NotAfter.Sub(now) }

// Load reads the certificate and key files of p, checks that they belong
// together, and completes the chain from the CA bundle when p names one.
// Errors name the file at fault.
func Load(p Paths) (*Material, error) {
	certPEM, err := os.ReadFile(p.Cert)
	if err != nil {
		return nil, fmt.Errorf("gateway tls: certificate: %w", err)
	}
	keyPEM, err := os.ReadFile(p.Key)
	if err != nil {
		return nil, fmt.Errorf("gateway tls: key: %w", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("gateway tls: certificate %s and key %s: %w", p.Cert, p.Key, err)
	}
	leaf := cert.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return nil, fmt.Errorf("gateway tls: certificate %s: %w", p.Cert, err)
		}
		cert.Leaf = leaf
	}
	if p.CA != "" {
		if err := completeChain(&cert, p.CA); err != nil {
			return nil, err
		}
	}
	return &Material{Certificate: cert, Leaf: leaf, Fingerprint: Fingerprint(leaf.Raw), Paths: p}, nil
}

// completeChain appends to cert the certificates of the CA bundle at path
// that link its last certificate to a root, leaving the root itself out
// (a client has its own); certificates the chain already holds are not
// repeated.
func completeChain(cert *tls.Certificate, path string) error {
	bundle, err := readCertificates(path)
	if err != nil {
		return err
	}
	last, err := x509.ParseCertificate(cert.Certificate[len(cert.Certificate)-1])
	if err != nil {
		return fmt.Errorf("gateway tls: certificate chain: %w", err)
	}
	for range len(bundle) {
		parent := issuerIn(bundle, last)
		if parent == nil || bytes.Equal(parent.RawSubject, parent.RawIssuer) {
			return nil
		}
		cert.Certificate = append(cert.Certificate, parent.Raw)
		last = parent
	}
	return nil
}

// issuerIn returns the certificate of bundle that signed c, or nil.
func issuerIn(bundle []*x509.Certificate, c *x509.Certificate) *x509.Certificate {
	if bytes.Equal(c.RawIssuer, c.RawSubject) {
		return nil
	}
	for _, b := range bundle {
		if bytes.Equal(b.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(b) == nil {
			return b
		}
	}
	return nil
}

// readCertificates parses every certificate of a PEM bundle.
func readCertificates(path string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gateway tls: CA bundle: %w", err)
	}
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("gateway tls: CA bundle %s: %w", path, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("gateway tls: CA bundle " + path + " holds no PEM certificate")
	}
	return out, nil
}
