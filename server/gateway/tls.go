package gateway

import (
	"crypto/tls"
	"net"

	"github.com/gatewire/gatewire/runtime/transport"
	"github.com/gatewire/gatewire/server/gatewaytls"
)

// openTLS prepares gateway.tls's certificate when TLS is enabled,
// generating the self-signed pair autoGenerate asks for.
func (g *Gateway) openTLS() error {
	c := g.cfg.Effective().Gateway.Tls
	if !c.Enabled {
		return nil
	}
	src, generated, err := gatewaytls.Open(c, g.setup.StateDir.Root(), g.now(), g.logTLSReload)
	if err != nil {
		return err
	}
	g.tls = src
	if generated {
		m := src.Current()
		g.log.Info("gateway tls: generated a self-signed certificate", "cert", m.Paths.Cert, "key", m.Paths.Key)
	}
	return nil
}

// serveTLS puts TLS over ln when it is enabled. The transport's listener
// goes under the TLS so that TLS connections take the slim path too.
func (g *Gateway) serveTLS(ln net.Listener) net.Listener {
	if g.tls == nil {
		return ln
	}
	return tls.NewListener(transport.Listener(ln), g.tls.ServerConfig())
}

// TLSFingerprint returns the SHA-256 fingerprint of the certificate the
// gateway serves (see gatewaytls.Fingerprint), or "" without TLS.
func (g *Gateway) TLSFingerprint() string {
	if g.tls == nil {
		return ""
	}
	return g.tls.Current().Fingerprint
}

// logTLS logs, at start-up, the certificate served and the fingerprint
// clients pin.
func (g *Gateway) logTLS() {
	if g.tls == nil {
		return
	}
	m := g.tls.Current()
	g.log.Info("gateway tls: fingerprint sha256 "+m.Fingerprint,
		"fingerprint", m.Fingerprint, "cert", m.Paths.Cert, "subject", m.Leaf.Subject.String(),
		"expires", m.Leaf.NotAfter.UTC().Format("2006-01-02"), "selfSigned", m.SelfSigned())
}

// logTLSReload logs a certificate read again after its files changed, or
// why the new files could not be used.
func (g *Gateway) logTLSReload(m *gatewaytls.Material, err error) {
	if err != nil {
		g.log.Error("gateway tls: the certificate files changed but do not load; still serving the previous certificate", "err", err)
		return
	}
	g.log.Info("gateway tls: certificate reloaded; fingerprint sha256 "+m.Fingerprint,
		"fingerprint", m.Fingerprint, "cert", m.Paths.Cert, "expires", m.Leaf.NotAfter.UTC().Format("2006-01-02"))
}
