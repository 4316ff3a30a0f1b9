package gateway_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/config"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/gatewaytls"
	"github.com/gatewire/gatewire/server/statedir"
)

const tlsConfig = `{gateway: {tls: {enabled: true}}}`

// startTLS starts a gateway with gateway.tls enabled (autoGenerate is on
// by default) and returns its log.
func startTLS(t *testing.T, dir statedir.Dir) (*gatewaytest.Gateway, *logSink) {
	t.Helper()
	sink := new(logSink)
	return gatewaytest.Start(t, gatewaytest.Options{Config: tlsConfig, StateDir: dir, Stdout: sink}), sink
}

func TestTLSServesWSSAndHTTPSOnTheGatewayPort(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	g, sink := startTLS(t, dir)
	if !strings.HasPrefix(g.URL, "wss://") || !strings.HasPrefix(g.HTTPURL, "https://") {
		t.Fatalf("URL %s, HTTP URL %s", g.URL, g.HTTPURL)
	}
	paths := gatewaytls.Resolve(config.TLS{}, dir.Root())
	m, err := gatewaytls.Load(paths)
	if err != nil {
		t.Fatalf("generated pair: %v", err)
	}
	fp := g.TLSFingerprint()
	if fp != m.Fingerprint || len(fp) != 64 {
		t.Fatalf("TLSFingerprint = %q, the file's is %q", fp, m.Fingerprint)
	}
	if info, err := os.Stat(paths.Key); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, info.Mode())
	}
	sink.waitLine(t, "gateway tls: generated a self-signed certificate", "cert="+paths.Cert)
	sink.waitLine(t, "gateway tls: fingerprint sha256 "+fp, "selfSigned=true")

	client := g.TLSClient(t)
	c := gatewaytest.DialTLS(t, g.URL, client)
	c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", read))
	if f := c.Call("health", nil); !f.OK {
		t.Fatalf("health over wss: %s", f.Raw)
	}
	c.Close()

	resp, err := client.Get(g.HTTPURL + "/health")
	if err != nil {
		t.Fatalf("https: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil || resp.TLS.Version != tls.VersionTLS13 {
		t.Fatalf("GET /health over https: %s, TLS %+v", resp.Status, resp.TLS)
	}
	page, err := client.Get(g.HTTPURL + "/")
	if err != nil {
		t.Fatalf("https /: %v", err)
	}
	page.Body.Close()
	if page.StatusCode != http.StatusOK || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / (the Control UI) over https: %s %s", page.Status, page.Header.Get("Content-Type"))
	}
	plain, err := http.Get("http://" + strings.TrimPrefix(g.HTTPURL, "https://") + "/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(plain.Body)
	plain.Body.Close()
	if plain.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "HTTPS") {
		t.Fatalf("plain http to the TLS port: %s %q", plain.Status, body)
	}
}

func TestTLSPinnedClients(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	g, _ := startTLS(t, dir)
	fp := g.TLSFingerprint()
	ctx := context.Background()
	conn, err := gatewire.Dial(ctx, g.URL, gatewire.Options{Auth: gatewire.Auth{Token: g.Token}, TLSFingerprint: fp})
	if err != nil {
		t.Fatalf("pinned dial: %v", err)
	}
	var health map[string]any
	if err := conn.Call(ctx, "health", nil, &health, rpc.CallOptions{}); err != nil {
		t.Fatalf("health: %v", err)
	}
	conn.Close()
	wrong := strings.Repeat("ab", 32)
	_, err = gatewire.Dial(ctx, g.URL, gatewire.Options{Auth: gatewire.Auth{Token: g.Token}, TLSFingerprint: wrong})
	var mismatch *gatewire.FingerprintMismatchError
	if !errors.As(err, &mismatch) || mismatch.Want != wrong || mismatch.Got != fp {
		t.Fatalf("wrong pin: %v", err)
	}
	if !strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), fp) {
		t.Fatalf("mismatch error %q does not show both fingerprints", err)
	}
	// No pin and no trust: the self-signed certificate is refused.
	var unknown x509.UnknownAuthorityError
	if _, err := gatewire.Dial(ctx, g.URL, gatewire.Options{Auth: gatewire.Auth{Token: g.Token}}); !errors.As(err, &unknown) {
		t.Fatalf("unpinned dial: %v, want an unknown authority", err)
	}
}

// TestTLSCertificateFilesAreReloaded replaces the certificate under a
// running gateway: connections open on the old one keep working, new
// ones get the new one, the old pin no longer matches.
func TestTLSCertificateFilesAreReloaded(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	g, sink := startTLS(t, dir)
	old := g.TLSFingerprint()
	ctx := context.Background()
	opts := gatewire.Options{Auth: gatewire.Auth{Token: g.Token}, TLSFingerprint: old}
	before, err := gatewire.Dial(ctx, g.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	paths := gatewaytls.Resolve(config.TLS{}, dir.Root())
	if err := gatewaytls.Generate(paths, time.Now()); err != nil {
		t.Fatal(err)
	}
	m, err := gatewaytls.Load(paths)
	if err != nil {
		t.Fatal(err)
	}
	_, err = gatewire.Dial(ctx, g.URL, opts)
	var mismatch *gatewire.FingerprintMismatchError
	if !errors.As(err, &mismatch) || mismatch.Got != m.Fingerprint {
		t.Fatalf("old pin after the change: %v, want a mismatch presenting %s", err, m.Fingerprint)
	}
	opts.TLSFingerprint = m.Fingerprint
	after, err := gatewire.Dial(ctx, g.URL, opts)
	if err != nil {
		t.Fatalf("new pin: %v", err)
	}
	after.Close()
	if g.TLSFingerprint() != m.Fingerprint {
		t.Fatalf("TLSFingerprint = %s, want %s", g.TLSFingerprint(), m.Fingerprint)
	}
	sink.waitLine(t, "gateway tls: certificate reloaded; fingerprint sha256 "+m.Fingerprint)
	if err := before.Call(ctx, "health", nil, nil, rpc.CallOptions{}); err != nil {
		t.Fatalf("connection opened before the change: %v", err)
	}
}

func TestTLSCertificateIsKeptAcrossRestarts(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	g, _ := startTLS(t, dir)
	first := g.TLSFingerprint()
	g.Stop()
	again, sink := startTLS(t, dir)
	if again.TLSFingerprint() != first {
		t.Fatalf("fingerprint after restart %s, before %s", again.TLSFingerprint(), first)
	}
	if l := sink.lines("generated a self-signed certificate"); len(l) != 0 {
		t.Fatalf("generated again: %q", l)
	}
}

func TestTLSWithoutCertificateFilesIsFatal(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	conf := `{gateway: {tls: {enabled: true, autoGenerate: false, certPath: "server.crt", keyPath: "server.key"}}}`
	if err := os.WriteFile(dir.ConfigFile(), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = gateway.New(gateway.Setup{StateDir: dir, Listener: ln, Getenv: func(string) string { return "" }})
	if err == nil || !strings.Contains(err.Error(), dir.Root()+"/server.crt does not exist") {
		t.Fatalf("New = %v, want the missing certificate named", err)
	}
}
