package gatewaytls_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/config"
	"github.com/gatewire/gatewire/server/gatewaytls"
)

func TestFingerprintForms(t *testing.T) {
	der := []byte("not a certificate, but bytes to hash")
	sum := sha256.Sum256(der)
	want := hex.EncodeToString(sum[:])
	if got := gatewaytls.Fingerprint(der); got != want {
		t.Fatalf("Fingerprint = %s, want %s", got, want)
	}
	var pairs []string
	for i := 0; i < len(want); i += 2 {
		pairs = append(pairs, strings.ToUpper(want[i:i+2]))
	}
	colons := strings.Join(pairs, ":")
	for _, in := range []string{want, colons, "sha256:" + colons, "SHA-256 " + colons, "  sha256 " + want + " "} {
		if got := gatewaytls.NormalizeFingerprint(in); got != want {
			t.Errorf("NormalizeFingerprint(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"", "abc", want + "00", "zz" + want[2:], "md5:" + want} {
		if got := gatewaytls.NormalizeFingerprint(in); got != "" {
			t.Errorf("NormalizeFingerprint(%q) = %q, want empty", in, got)
		}
	}
}

func TestAutoGenerateMakesAndKeepsAPair(t *testing.T) {
	state := t.TempDir()
	c := config.TLS{Enabled: true, AutoGenerate: true}
	src, generated, err := gatewaytls.Open(c, state, time.Now(), nil)
	if err != nil || !generated {
		t.Fatalf("Open = %v, generated %v", err, generated)
	}
	m := src.Current()
	p := gatewaytls.Resolve(c, state)
	if p.Cert != filepath.Join(state, "gateway", "tls", "gateway-cert.pem") || m.Paths != p {
		t.Fatalf("paths = %+v", m.Paths)
	}
	for _, f := range []string{p.Key, p.Cert} {
		assertMode(t, f, 0o600)
	}
	assertMode(t, filepath.Dir(p.Key), 0o700|os.ModeDir)
	if !m.SelfSigned() || m.Fingerprint != gatewaytls.Fingerprint(m.Leaf.Raw) {
		t.Fatalf("self-signed %v, fingerprint %s", m.SelfSigned(), m.Fingerprint)
	}
	if left := m.ExpiresIn(time.Now()); left < 3649*24*time.Hour {
		t.Fatalf("expires in %s, want ten years", left)
	}
	if err := m.Leaf.VerifyHostname("127.0.0.1"); err != nil {
		t.Fatalf("loopback not named: %v", err)
	}
	again, generated, err := gatewaytls.Open(c, state, time.Now(), nil)
	if err != nil || generated || again.Current().Fingerprint != m.Fingerprint {
		t.Fatalf("second Open: %v, generated %v, fingerprint %s (first %s)", err, generated, again.Current().Fingerprint, m.Fingerprint)
	}
}

func TestMissingFilesAreErrorsNamingThem(t *testing.T) {
	state := t.TempDir()
	if _, _, err := gatewaytls.Open(config.TLS{Enabled: true}, state, time.Now(), nil); err == nil ||
		!strings.Contains(err.Error(), "gateway-cert.pem does not exist") || !strings.Contains(err.Error(), "autoGenerate") {
		t.Fatalf("no files, no autoGenerate: %v", err)
	}
	c := config.TLS{Enabled: true, AutoGenerate: true}
	p := gatewaytls.Resolve(c, state)
	if err := gatewaytls.Generate(p, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p.Key); err != nil {
		t.Fatal(err)
	}
	// A certificate without its key is never replaced silently.
	if _, _, err := gatewaytls.Open(c, state, time.Now(), nil); err == nil || !strings.Contains(err.Error(), p.Key+" does not exist") {
		t.Fatalf("key missing: %v", err)
	}
}

func TestMismatchedPairIsRefused(t *testing.T) {
	a, b := gatewaytls.Resolve(config.TLS{}, t.TempDir()), gatewaytls.Resolve(config.TLS{}, t.TempDir())
	for _, p := range []gatewaytls.Paths{a, b} {
		if err := gatewaytls.Generate(p, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	_, err := gatewaytls.Load(gatewaytls.Paths{Cert: a.Cert, Key: b.Key})
	if err == nil || !strings.Contains(err.Error(), a.Cert) {
		t.Fatalf("Load of a certificate with another key = %v", err)
	}
}

// TestChangedFilesAreServedFromTheNextHandshake serves TLS over a real
// socket and replaces the files under it: a broken pair leaves the old
// certificate serving, a good one serves from the next handshake on.
func TestChangedFilesAreServedFromTheNextHandshake(t *testing.T) {
	state := t.TempDir()
	var mu sync.Mutex // reloads are reported on the server's goroutine
	var reloads []string
	var failures int
	src, _, err := gatewaytls.Open(config.TLS{Enabled: true, AutoGenerate: true}, state, time.Now(), func(m *gatewaytls.Material, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failures++
			return
		}
		reloads = append(reloads, m.Fingerprint)
	})
	if err != nil {
		t.Fatal(err)
	}
	addr := serveTLS(t, src)
	first := src.Current().Fingerprint
	if got := presented(t, addr); got != first {
		t.Fatalf("presented %s, want %s", got, first)
	}
	p := src.Current().Paths
	keyPEM, err := os.ReadFile(p.Key)
	if err != nil {
		t.Fatal(err)
	}
	if err := gatewaytls.Generate(p, time.Now()); err != nil {
		t.Fatal(err)
	}
	fresh, err := gatewaytls.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	// The old key under the new certificate: not a pair.
	if err := os.WriteFile(p.Key, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	count := func() (int, []string) {
		mu.Lock()
		defer mu.Unlock()
		return failures, append([]string(nil), reloads...)
	}
	if got := presented(t, addr); got != first {
		t.Fatalf("half-written pair: presented %s, want the old %s", got, first)
	}
	if got := presented(t, addr); got != first {
		t.Fatalf("unchanged broken pair: presented %s, want the old %s", got, first)
	}
	if f, _ := count(); f != 1 {
		t.Fatalf("%d failed reloads reported, want 1 (once per change)", f)
	}
	if err := gatewaytls.Generate(p, time.Now()); err != nil {
		t.Fatal(err)
	}
	second, err := gatewaytls.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if second.Fingerprint == first || second.Fingerprint == fresh.Fingerprint {
		t.Fatal("Generate made the same certificate twice")
	}
	if got := presented(t, addr); got != second.Fingerprint {
		t.Fatalf("after the change: presented %s, want %s", got, second.Fingerprint)
	}
	if _, reloads := count(); len(reloads) != 1 || reloads[0] != second.Fingerprint {
		t.Fatalf("reloads reported = %v", reloads)
	}
}

// TestCABundleCompletesTheChain: a certificate issued by an intermediate
// is served with that intermediate from caPath, so a client that trusts
// only the root verifies it; the root itself is not sent.
func TestCABundleCompletesTheChain(t *testing.T) {
	dir := t.TempDir()
	rootKey, root := issue(t, "root", nil, nil, true)
	interKey, inter := issue(t, "intermediate", root, rootKey, true)
	leafKey, leaf := issue(t, "gateway", inter, interKey, false)
	p := gatewaytls.Paths{Cert: filepath.Join(dir, "cert.pem"), Key: filepath.Join(dir, "key.pem"), CA: filepath.Join(dir, "ca.pem")}
	writePEM(t, p.Cert, "CERTIFICATE", leaf.Raw)
	keyDER, err := x509.MarshalPKCS8PrivateKey(leafKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, p.Key, "PRIVATE KEY", keyDER)
	writePEM(t, p.CA, "CERTIFICATE", root.Raw, inter.Raw)
	src, err := gatewaytls.NewSource(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := src.Current()
	if len(m.Certificate.Certificate) != 2 || m.SelfSigned() {
		t.Fatalf("chain of %d certificates, self-signed %v; want leaf and intermediate", len(m.Certificate.Certificate), m.SelfSigned())
	}
	addr := serveTLS(t, src)
	pool := x509.NewCertPool()
	pool.AddCert(root)
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS13})
	if err != nil {
		t.Fatalf("client trusting the root: %v", err)
	}
	conn.Close()
	// Without the bundle the client cannot link the leaf to the root.
	bare, err := gatewaytls.NewSource(gatewaytls.Paths{Cert: p.Cert, Key: p.Key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tls.Dial("tcp", serveTLS(t, bare), &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS13})
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("without caPath: %v, want an unknown authority", err)
	}
}

// serveTLS accepts TLS connections with src's configuration and
// completes their handshakes until the test ends.
func serveTLS(t *testing.T, src *gatewaytls.Source) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", src.ServerConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// presented returns the fingerprint of the certificate the server at
// addr presents.
func presented(t *testing.T, addr string) string {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return gatewaytls.Fingerprint(conn.ConnectionState().PeerCertificates[0].Raw)
}

func issue(t *testing.T, name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, ca bool) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		BasicConstraintsValid: true, IsCA: ca,
	}
	if ca {
		tmpl.KeyUsage = x509.KeyUsageCertSign
	} else {
		tmpl.DNSNames, tmpl.IPAddresses = []string{"localhost"}, []net.IP{net.IPv4(127, 0, 0, 1)}
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, c
}

func writePEM(t *testing.T, path, kind string, ders ...[]byte) {
	t.Helper()
	var b []byte
	for _, d := range ders {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: d})...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Fatalf("%s has mode %v, want %v", path, got, want)
	}
}
