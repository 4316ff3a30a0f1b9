package config

import (
	"slices"
	"strings"
	"testing"
)

// TestTLSKeysAndOpenClawsRemoteBlock: gateway.tls is implemented with
// OpenClaw's defaults (autoGenerate on), gateway.remote.tlsFingerprint is
// implemented, and the rest of OpenClaw's remote block is accepted, not
// implemented, its token redacted.
func TestTLSKeysAndOpenClawsRemoteBlock(t *testing.T) {
	fp := strings.Repeat("AB:", 31) + "AB"
	text := `{
  gateway: {
    tls: { enabled: true, certPath: "~/tls/cert.pem" },
    remote: { url: "wss://gw.example:18789", token: "remote-secret-token", tlsFingerprint: "sha256:` + fp + `" },
  },
}`
	f, err := Parse("x.json", text)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Config.Gateway
	if !c.Tls.Enabled || !c.Tls.AutoGenerate || c.Tls.CertPath == nil || *c.Tls.CertPath != "~/tls/cert.pem" || c.Tls.KeyPath != nil {
		t.Fatalf("gateway.tls = %+v", c.Tls)
	}
	if c.Remote.TlsFingerprint == nil || !strings.HasSuffix(*c.Remote.TlsFingerprint, fp) {
		t.Fatalf("gateway.remote.tlsFingerprint = %v", c.Remote.TlsFingerprint)
	}
	if want := []string{"gateway.remote.token", "gateway.remote.url"}; !slices.Equal(f.NotImplemented, want) {
		t.Fatalf("not implemented = %q, want %q", f.NotImplemented, want)
	}
	if strings.Contains(RedactRaw(f.Raw, f.Doc), "remote-secret-token") {
		t.Fatal("gateway.remote.token shown")
	}
	if _, err := Parse("x.json", `{gateway: {remote: {tlsFingerprint: "abc"}}}`); err == nil || !strings.Contains(err.Error(), "tlsFingerprint") {
		t.Fatalf("a malformed fingerprint: %v", err)
	}
	if _, err := Parse("x.json", `{gateway: {tls: {enabled: "yes"}}}`); err == nil || !strings.Contains(err.Error(), "gateway.tls.enabled") {
		t.Fatalf("a malformed tls key: %v", err)
	}
}
