package gatewaytls

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gatewire/gatewire/gen/go/config"
)

// Default file names of the certificate and key, in <stateDir>/gateway/tls
// as OpenClaw keeps them in its state directory.
const (
	DefaultCertFile = "gateway-cert.pem"
	DefaultKeyFile  = "gateway-key.pem"
)

// Paths are the files of the gateway's TLS material.
type Paths struct {
	Cert string
	Key  string
	// CA is the optional CA bundle (gateway.tls.caPath); "" for none.
	CA string
}

// DefaultDir is the folder of the default certificate and key.
func DefaultDir(stateDir string) string { return filepath.Join(stateDir, "gateway", "tls") }

// Resolve returns the files gateway.tls names: certPath and keyPath, or
// the defaults under DefaultDir, and caPath; a leading ~ is the home
// directory and a relative path is relative to the state directory.
func Resolve(c config.TLS, stateDir string) Paths {
	return Paths{
		Cert: resolvePath(c.CertPath, filepath.Join(DefaultDir(stateDir), DefaultCertFile), stateDir),
		Key:  resolvePath(c.KeyPath, filepath.Join(DefaultDir(stateDir), DefaultKeyFile), stateDir),
		CA:   resolvePath(c.CaPath, "", stateDir),
	}
}

func resolvePath(p *string, def, stateDir string) string {
	if p == nil || *p == "" {
		return def
	}
	s := *p
	if s == "~" || strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, strings.TrimPrefix(s, "~"))
		}
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(stateDir, s)
	}
	return s
}
