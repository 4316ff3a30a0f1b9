package gatewire

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/runtime/engine"
)

// tlsGateway starts a wss:// gateway and returns it with the SHA-256
// fingerprint of its certificate.
func tlsGateway(t *testing.T) (*gateway, string) {
	t.Helper()
	g := newGateway(t, "secret", func(g *gateway, _ *engine.Config) { g.useTLS = true })
	sum := sha256.Sum256(g.http.Certificate().Raw)
	return g, hex.EncodeToString(sum[:])
}

func TestPinnedCertificateIsAccepted(t *testing.T) {
	checkLeaks(t)
	g, fp := tlsGateway(t)
	if !strings.HasPrefix(g.url, "wss://") {
		t.Fatalf("url = %s", g.url)
	}
	// Colons, upper case and a prefix are accepted.
	var parts []string
	for i := 0; i < len(fp); i += 2 {
		parts = append(parts, strings.ToUpper(fp[i:i+2]))
	}
	for _, pin := range []string{fp, "sha256:" + strings.Join(parts, ":"), "SHA-256 " + strings.ToUpper(fp)} {
		c := dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, TLSFingerprint: pin})
		_ = c.Close()
	}
}

func TestOtherCertificatesAreRefused(t *testing.T) {
	checkLeaks(t)
	g, fp := tlsGateway(t)
	wrong := strings.Repeat("0", len(fp))
	_, err := Dial(context.Background(), g.url, Options{Auth: Auth{Token: "secret"}, TLSFingerprint: wrong})
	if !errors.Is(err, ErrFingerprintMismatch) {
		t.Fatalf("Dial error = %v, want a fingerprint mismatch", err)
	}
	var mismatch *FingerprintMismatchError
	if !errors.As(err, &mismatch) || mismatch.Want != wrong || mismatch.Got != fp {
		t.Fatalf("mismatch = %+v, want pinned %s and presented %s", mismatch, wrong, fp)
	}
	if msg := err.Error(); !strings.Contains(msg, wrong) || !strings.Contains(msg, fp) {
		t.Fatalf("error %q does not show both fingerprints", msg)
	}
	ws := "ws://" + strings.TrimPrefix(g.url, "wss://")
	if _, err := Dial(context.Background(), ws, Options{TLSFingerprint: fp}); !errors.Is(err, errFingerprintNeedsTLS) {
		t.Fatalf("Dial ws:// with a pin = %v, want %v", err, errFingerprintNeedsTLS)
	}
	if _, err := Dial(context.Background(), g.url, Options{TLSFingerprint: "abc"}); err == nil || !strings.Contains(err.Error(), "64 hex digits") {
		t.Fatalf("Dial with a malformed fingerprint = %v", err)
	}
	// Without a pin, the self-signed certificate fails ordinary checks.
	if _, err := Dial(context.Background(), g.url, Options{Auth: Auth{Token: "secret"}}); err == nil {
		t.Fatal("self-signed certificate accepted without a pin")
	}
}

func TestDeviceTokenRetryTrust(t *testing.T) {
	cases := []struct {
		url, pin string
		want     bool
	}{
		{"ws://127.0.0.1:18789", "", true},
		{"ws://localhost:18789", "", true},
		{"ws://[::1]:18789", "", true},
		{"ws://127.8.9.10:1", "", true},
		{"ws://192.168.1.2:18789", "", false},
		{"ws://gateway.example:18789", "", false},
		{"wss://gateway.example", "", false},
		{"wss://gateway.example", "ab", true},
		{"ws://gateway.example", "ab", false},
	}
	for _, tc := range cases {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := trustedForDeviceTokenRetry(u, &Options{TLSFingerprint: tc.pin}); got != tc.want {
			t.Errorf("%s pin %q: trusted = %v, want %v", tc.url, tc.pin, got, tc.want)
		}
	}
	if !IsLoopbackURL("http://localhost:1") || IsLoopbackURL("ws://10.0.0.1:1") || IsLoopbackURL("nonsense") {
		t.Error("IsLoopbackURL")
	}
}
