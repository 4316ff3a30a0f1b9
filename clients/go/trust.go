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
// with or without colons and a "sha256:" (or "SHA-256 ") prefix, the
// forms openssl and OpenClaw print.
func parseFingerprint(fingerprint string) ([]byte, error) {
	s := strings.TrimSpace(strings.ToLower(fingerprint))
	for _, prefix := range []string{"sha-256", "sha256"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = strings.TrimLeft(rest, " \t:")
			break
		}
	}
	s = strings.NewReplacer(":", "", " ", "").Replace(s)
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("TLS fingerprint %q: want the 64 hex digits of a SHA-256", fingerprint)
	}
	return b, nil
}

// FingerprintMismatchError is a pinned wss:// gateway that presented
// another certificate. Both fingerprints are 64 lower-case hex digits
// (the form the gateway prints at start-up).
type FingerprintMismatchError struct {
	// Want is the pinned fingerprint, Got the presented certificate's
	// ("" when the gateway presented none).
	Want, Got string
}

// Error shows both fingerprints.
func (e *FingerprintMismatchError) Error() string {
	got := e.Got
	if got == "" {
		got = "(no certificate)"
	}
	return fmt.Sprintf("gateway TLS fingerprint mismatch: pinned sha256 %s, but the gateway presented sha256 %s", e.Want, got)
}

// Is makes errors.Is(err, ErrFingerprintMismatch) true.
func (e *FingerprintMismatchError) Is(target error) bool { return target == ErrFingerprintMismatch }

// ErrFingerprintMismatch matches (errors.Is) every
// *FingerprintMismatchError.
var ErrFingerprintMismatch = errors.New("gateway TLS fingerprint mismatch")

// errFingerprintNeedsTLS refuses a pin on a URL without TLS.
var errFingerprintNeedsTLS = errors.New("a TLS fingerprint needs a wss:// gateway URL")

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
		mismatch := &FingerprintMismatchError{Want: hex.EncodeToString(want)}
		if len(cs.PeerCertificates) == 0 {
			return mismatch
		}
		got := sha256.Sum256(cs.PeerCertificates[0].Raw)
		if subtle.ConstantTimeCompare(got[:], want) != 1 {
			mismatch.Got = hex.EncodeToString(got[:])
			return mismatch
		}
		return nil
	}
	transport.TLSClientConfig = cfg
	client.Transport = transport
	return client, nil
}
