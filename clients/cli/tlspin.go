package cli

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
)

// resolvePin returns the TLS fingerprint a command pins and where it
// came from: --tls-fingerprint; else, for a wss:// URL,
// gateway.remote.tlsFingerprint of the config file; else, for a
// loopback wss:// URL, the certificate the local gateway serves (read
// from its files), as OpenClaw's CLI pins its own gateway. A flag on a
// ws:// URL is an error; the config's pins apply to wss:// only.
func resolvePin(flag, url string, loopback bool, local func() (LocalGateway, error)) (fingerprint, source string, err error) {
	secure := strings.HasPrefix(url, "wss://")
	if flag != "" {
		if !secure {
			return "", "", fmt.Errorf("--tls-fingerprint needs a wss:// gateway URL, not %s", url)
		}
		return flag, "--tls-fingerprint", nil
	}
	if !secure {
		return "", "", nil
	}
	l, err := local()
	if err != nil {
		return "", "", err // it may hold the pin: never dial unpinned past it
	}
	switch {
	case l.RemoteTLSFingerprint != "":
		return l.RemoteTLSFingerprint, "gateway.remote.tlsFingerprint", nil
	case loopback && l.TLS && l.TLSFingerprint != "":
		return l.TLSFingerprint, "the local gateway's certificate", nil
	}
	return "", "", nil
}

// explainTLSError turns a TLS failure of the upgrade into an error for
// people: a pin that does not match (both fingerprints shown), or an
// unpinned certificate nobody vouches for. It returns nil for other
// errors.
func explainTLSError(s *settings, err error) error {
	var mismatch *gatewire.FingerprintMismatchError
	if errors.As(err, &mismatch) {
		return fmt.Errorf("gateway at %s: TLS fingerprint mismatch\n  pinned (%s): sha256 %s\n  presented by the gateway: sha256 %s\n"+
			"hint: if the gateway's certificate was replaced on purpose, pin the new one (its start-up log prints it); otherwise something else answers at this address",
			s.shownURL(), s.tlsSource, mismatch.Want, orNone(mismatch.Got))
	}
	var unknown x509.UnknownAuthorityError
	if errors.As(err, &unknown) && unknown.Cert != nil {
		return fmt.Errorf("gateway at %s: its TLS certificate is not signed by an authority this machine trusts (sha256 %s)\n"+
			"hint: compare it with the fingerprint the gateway logs at start-up, then pass --tls-fingerprint %s (or set gateway.remote.tlsFingerprint)",
			s.shownURL(), fingerprintOf(unknown.Cert), fingerprintOf(unknown.Cert))
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(no certificate)"
	}
	return s
}

// fingerprintOf is a certificate's SHA-256 fingerprint in the form the
// gateway prints (64 lower-case hex digits).
func fingerprintOf(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}
