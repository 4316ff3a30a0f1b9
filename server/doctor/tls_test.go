package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/config"
	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/gatewaytls"
	"github.com/gatewire/gatewire/server/statedir"
)

// tlsState is a state dir whose config turns TLS on.
func tlsState(t *testing.T) (string, gatewaytls.Paths) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "state")
	must(t, os.MkdirAll(dir, 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(`{ gateway: { tls: { enabled: true } } }`), 0o600))
	return dir, gatewaytls.Resolve(config.TLS{}, dir)
}

func runAt(t *testing.T, dir string, now time.Time) Report {
	t.Helper()
	return Run(context.Background(), Options{StateDir: statedir.Dir(dir), Getenv: func(string) string { return "" },
		Now: func() time.Time { return now }, Service: service.Manager{UnitDir: t.TempDir()}})
}

func TestDoctorReadsTheTLSCertificate(t *testing.T) {
	now := time.Now()
	day := 24 * time.Hour

	// Not generated yet.
	dir, p := tlsState(t)
	if got := find(runAt(t, dir, now), "tls", Info, "no certificate yet"); len(got) != 1 {
		t.Fatal("no 'not generated yet' finding")
	}

	// A generated certificate, valid: its fingerprint is the one clients pin.
	must(t, gatewaytls.Generate(p, now))
	m, err := gatewaytls.Load(p)
	must(t, err)
	if got := find(runAt(t, dir, now), "tls", OK, m.Fingerprint); len(got) != 1 || !strings.Contains(got[0].Message, "self-signed") {
		t.Fatalf("valid certificate: %+v", got)
	}

	// Ten days before it expires: a warning, and the fix regenerates it.
	got := find(runAt(t, dir, m.Leaf.NotAfter.Add(-10*day)), "tls", Warn, "expires in")
	if len(got) != 1 || !strings.Contains(got[0].Fix, "rm "+p.Cert+" "+p.Key) || !strings.Contains(got[0].Fix, "gatewire gateway restart") {
		t.Fatalf("near expiry: %+v", got)
	}

	// Generated eleven years ago: expired; and a key others can read.
	dir, p = tlsState(t)
	must(t, gatewaytls.Generate(p, now.Add(-11*365*day)))
	must(t, os.Chmod(p.Key, 0o644))
	r := runAt(t, dir, now)
	if len(find(r, "tls", Error, "expired on")) != 1 || len(find(r, "tls", Error, "the TLS key")) != 1 || r.OK {
		t.Fatalf("expired: %+v", r.Findings)
	}

	// A key that belongs to another certificate.
	dir, p = tlsState(t)
	must(t, gatewaytls.Generate(p, now))
	_, other := tlsState(t)
	must(t, gatewaytls.Generate(other, now))
	key, err := os.ReadFile(other.Key)
	must(t, err)
	must(t, os.WriteFile(p.Key, key, 0o600))
	if got := find(runAt(t, dir, now), "tls", Error, "cannot serve TLS"); len(got) != 1 || got[0].Fix == "" {
		t.Fatalf("mismatched pair: %+v", got)
	}
}
