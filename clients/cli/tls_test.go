package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// startTLSGateway runs a gateway with gateway.tls enabled (a generated
// certificate) and returns it with its port.
func startTLSGateway(t *testing.T) (*gatewaytest.Gateway, string) {
	t.Helper()
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{gateway: {tls: {enabled: true}}}`})
	if !strings.HasPrefix(g.URL, "wss://") {
		t.Fatalf("URL %s", g.URL)
	}
	return g, g.URL[strings.LastIndex(g.URL, ":")+1:]
}

// TestLocalTLSGatewayIsPinnedFromItsOwnFiles: on the gateway's host the
// CLI reads gateway.tls from the config file, dials wss:// and pins the
// certificate the gateway serves.
func TestLocalTLSGatewayIsPinnedFromItsOwnFiles(t *testing.T) {
	g, port := startTLSGateway(t)
	c := newCLI(t, string(g.StateDir), envPort, port)
	contains(t, "health", c.ok("health").stdout, "ok")
	contains(t, "status", c.ok("status").stdout, "version:")
}

func TestTLSFingerprintFlag(t *testing.T) {
	g, _ := startTLSGateway(t)
	fp := g.TLSFingerprint()
	// Another host's view: no access to the gateway's files.
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	c.ok("health", "--tls-fingerprint", fp)
	var pairs []string
	for i := 0; i < len(fp); i += 2 {
		pairs = append(pairs, strings.ToUpper(fp[i:i+2]))
	}
	c.ok("status", "--tls-fingerprint", "sha256:"+strings.Join(pairs, ":"))

	wrong := strings.Repeat("0f", 32)
	c.fails([]string{"health", "--tls-fingerprint", wrong},
		"TLS fingerprint mismatch", "pinned (--tls-fingerprint): sha256 "+wrong, "presented by the gateway: sha256 "+fp)
	c.fails([]string{"health"}, "not signed by an authority this machine trusts", "--tls-fingerprint "+fp)
	c.fails([]string{"health", "--url", "ws://" + strings.TrimPrefix(g.URL, "wss://"), "--tls-fingerprint", fp},
		"--tls-fingerprint needs a wss:// gateway URL")
	c.fails([]string{"health", "--tls-fingerprint", "abc"}, "64 hex digits")
}

// TestRemoteTLSFingerprintFromTheConfig pins with
// gateway.remote.tlsFingerprint of the client's config file; the flag
// wins over it.
func TestRemoteTLSFingerprintFromTheConfig(t *testing.T) {
	g, _ := startTLSGateway(t)
	fp := g.TLSFingerprint()
	dir := t.TempDir()
	write := func(pin string) {
		conf := `{gateway: {remote: {tlsFingerprint: "` + pin + `"}}}`
		if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("SHA256:" + strings.ToUpper(fp))
	c := newCLI(t, dir, envURL, g.URL, envToken, g.Token)
	c.ok("health")
	wrong := strings.Repeat("0f", 32)
	write(wrong)
	c.fails([]string{"health"}, "pinned (gateway.remote.tlsFingerprint): sha256 "+wrong, fp)
	c.ok("health", "--tls-fingerprint", fp)
	write("not a fingerprint")
	c.fails([]string{"health"}, "gateway.remote.tlsFingerprint")
}
