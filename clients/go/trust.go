package gatewire

import (
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// parseGatewayURL checks that raw is a ws:// or wss:// URL (http and
// https are accepted and mean the same) with a host.
func parseGatewayURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("gateway URL %q: %w", raw, err)
	}
	switch u.Scheme {
	case "ws", "wss":
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	default:
		return nil, fmt.Errorf("gateway URL %q: scheme must be ws:// or wss://", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("gateway URL %q: no host", raw)
	}
	return u, nil
}

// IsLoopbackURL reports whether a gateway URL points at this machine's
// loopback interface ("localhost", 127.0.0.0/8 or ::1).
func IsLoopbackURL(raw string) bool {
	u, err := parseGatewayURL(raw)
	return err == nil && isLoopbackHost(u.Hostname())
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// trustedForDeviceTokenRetry reports whether the endpoint may receive the
// stored device token after a shared-token mismatch: loopback, or wss://
// with a pinned certificate.
func trustedForDeviceTokenRetry(u *url.URL, o *Options) bool {
	return isLoopbackHost(u.Hostname()) || (u.Scheme == "wss" && o.TLSFingerprint != "")
}

// parseFingerprint decodes a SHA-256 certificate fingerprint given as hex,
// with or without colons and a "sha256:" prefix.
func parseFingerprint(fingerprint string) ([]byte, error) {
	s := strings.TrimSpace(strings.ToLower(fingerprint))
	s = strings.TrimPrefix(s, "sha256:")
	s = strings.ReplaceAll(s, ":", "")
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("TLS fingerprint %q: want the 64 hex digits of a SHA-256", fingerprint)
	}
	return b, nil
}

// errFingerprintMismatch is returned when a pinned gateway presents
// another certificate.
var errFingerprintMismatch = errors.New("gateway certificate does not match the pinned TLS fingerprint")

// pinnedHTTPClient returns an HTTP client that accepts only a server
// certificate with the given SHA-256 fingerprint. base, when set, must
// use an *http.Transport, which is cloned.
func pinnedHTTPClient(base *http.Client, fingerprint string) (*http.Client, error) {
	want, err := parseFingerprint(fingerprint)
	if err != nil {
		return nil, err
	}
	client := &http.Client{}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if base != nil {
		*client = *base
		if base.Transport != nil {
			t, ok := base.Transport.(*http.Transport)
			if !ok {
				return nil, errors.New("a TLS fingerprint needs an HTTPClient whose Transport is an *http.Transport")
			}
			transport = t.Clone()
		}
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if transport.TLSClientConfig != nil {
		cfg = transport.TLSClientConfig.Clone()
	}
	// The pin replaces chain verification: a self-signed gateway
	// certificate is the common case.
	cfg.InsecureSkipVerify = true
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errFingerprintMismatch
		}
		got := sha256.Sum256(cs.PeerCertificates[0].Raw)
		if subtle.ConstantTimeCompare(got[:], want) != 1 {
			return errFingerprintMismatch
		}
		return nil
	}
	transport.TLSClientConfig = cfg
	client.Transport = transport
	return client, nil
}
