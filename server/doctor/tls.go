package doctor

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gatewaytls"
)

// certWarnBefore is how long before its expiry a certificate is reported.
const certWarnBefore = 30 * 24 * time.Hour

// checkTLS reads the certificate gateway.tls names with the gateway's own
// loader: that it loads and matches its key, the key's mode, and its
// expiry. A non-loopback bind without TLS is reported by the bind check.
func (d *doctor) checkTLS() {
	if d.eff == nil {
		return
	}
	t := d.eff.Gateway.Tls
	if !t.Enabled {
		if config.IsLoopbackBind(d.eff.Gateway.Bind) {
			d.add("tls", Info, "", "TLS is off (gateway.tls.enabled): clients on this host connect with ws://")
		}
		return
	}
	p := gatewaytls.Resolve(t, d.opts.StateDir.Root())
	_, certErr := os.Stat(p.Cert)
	_, keyErr := os.Stat(p.Key)
	if os.IsNotExist(certErr) && os.IsNotExist(keyErr) && t.AutoGenerate {
		d.add("tls", Info, "", "no certificate yet: the gateway generates a self-signed one into %s when it starts", p.Cert)
		return
	}
	regenerate := fmt.Sprintf("rm %s %s; gatewire gateway restart%s  # a new self-signed pair; clients pin its new fingerprint",
		shellQuote(p.Cert), shellQuote(p.Key), d.profileFlags())
	replace := fmt.Sprintf("install a valid certificate and key at %s and %s (the gateway reloads them when they change)", shellQuote(p.Cert), shellQuote(p.Key))
	fix := replace
	if t.AutoGenerate && !isConfigured(t.CertPath) {
		fix = regenerate
	}
	m, err := gatewaytls.Load(p)
	if err != nil {
		d.add("tls", Error, fix, "the gateway cannot serve TLS: %v", err)
		return
	}
	if info, err := os.Stat(p.Key); err == nil && info.Mode().Perm()&0o077 != 0 {
		d.add("tls", Error, "chmod 600 "+shellQuote(p.Key), "the TLS key %s has mode %04o: other users can read it", p.Key, info.Mode().Perm())
	}
	now := d.opts.Now()
	kind := "issued by " + m.Leaf.Issuer.CommonName
	if m.SelfSigned() {
		kind = "self-signed: clients pin it with --tls-fingerprint"
	}
	switch left := m.ExpiresIn(now); {
	case now.Before(m.Leaf.NotBefore):
		d.add("tls", Error, clockFix, "the certificate %s is not valid before %s (is the clock right?)", p.Cert, m.Leaf.NotBefore.UTC().Format(time.RFC3339))
	case left <= 0:
		d.add("tls", Error, fix, "the certificate %s expired on %s", p.Cert, m.Leaf.NotAfter.UTC().Format(time.RFC3339))
	case left < certWarnBefore:
		d.add("tls", Warn, fix, "the certificate %s expires in %d days (%s)", p.Cert, int(left.Hours()/24), m.Leaf.NotAfter.UTC().Format(time.RFC3339))
	default:
		d.add("tls", OK, "", "the certificate %s (%s) is valid until %s; fingerprint %s", p.Cert, kind,
			m.Leaf.NotAfter.UTC().Format("2006-01-02"), m.Fingerprint)
	}
}

// isConfigured reports whether an optional path is set.
func isConfigured(p *string) bool { return p != nil && strings.TrimSpace(*p) != "" }
