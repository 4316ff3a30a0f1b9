package gatewaytls

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/config"
)

// Source serves the gateway's current certificate to crypto/tls. Before
// each handshake it looks at the files (a stat each, no read) and, when
// one changed, loads them again: the new certificate serves from that
// handshake on. A pair that does not load (a key written after its
// certificate, say) leaves the previous one serving and is retried at
// the next handshake once the files change again.
type Source struct {
	paths    Paths
	onReload func(*Material, error)

	mu      sync.Mutex
	current *Material
	stamp   stamp // of the files current was read from
	failed  stamp // of the files that last failed to load
}

// Open prepares the TLS material gateway.tls describes: with autoGenerate
// and neither file present it generates a self-signed pair first
// (generated reports that); then it loads the pair. onReload, when set,
// hears of every later reload and failed reload.
func Open(c config.TLS, stateDir string, now time.Time, onReload func(*Material, error)) (src *Source, generated bool, err error) {
	p := Resolve(c, stateDir)
	hasCert, hasKey := exists(p.Cert), exists(p.Key)
	switch {
	case !hasCert && !hasKey && c.AutoGenerate:
		if err := Generate(p, now); err != nil {
			return nil, false, err
		}
		generated = true
	case !hasCert || !hasKey:
		return nil, false, missingError(p, hasCert, hasKey, c.AutoGenerate)
	}
	src, err = NewSource(p, onReload)
	return src, generated, err
}

// missingError explains a certificate or key file that is not there.
func missingError(p Paths, hasCert, hasKey, autoGenerate bool) error {
	missing := p.Cert
	if hasCert {
		missing = p.Key
	}
	hint := "set gateway.tls.certPath and keyPath to existing files"
	if !autoGenerate {
		hint += ", or set gateway.tls.autoGenerate to true to generate a self-signed pair"
	}
	if hasCert != hasKey {
		hint = "restore it, or remove both files to have a new self-signed pair generated"
	}
	return fmt.Errorf("gateway tls: %s does not exist; %s", missing, hint)
}

// NewSource loads the pair at p and serves it.
func NewSource(p Paths, onReload func(*Material, error)) (*Source, error) {
	st := stampOf(p)
	m, err := Load(p)
	if err != nil {
		return nil, err
	}
	return &Source{paths: p, onReload: onReload, current: m, stamp: st}, nil
}

// Current returns the material serving now, after reloading it if the
// files changed.
func (s *Source) Current() *Material {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := stampOf(s.paths)
	if st.equal(s.stamp) || st.equal(s.failed) {
		return s.current
	}
	m, err := Load(s.paths)
	if err != nil {
		s.failed = st
		s.report(nil, err)
		return s.current
	}
	s.current, s.stamp, s.failed = m, st, stamp{}
	s.report(m, nil)
	return m
}

func (s *Source) report(m *Material, err error) {
	if s.onReload != nil {
		s.onReload(m, err)
	}
}

// GetCertificate is tls.Config's GetCertificate.
func (s *Source) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return &s.Current().Certificate, nil
}

// ServerConfig is the TLS configuration of the gateway's listener:
// TLS 1.3 at least, as OpenClaw's gateway, and HTTP/1.1 (WebSocket
// upgrades need it).
func (s *Source) ServerConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     tls.VersionTLS13,
		NextProtos:     []string{"http/1.1"},
		GetCertificate: s.GetCertificate,
	}
}

// stamp identifies the versions of the files of a Paths.
type stamp struct{ cert, key, ca fileStamp }

type fileStamp struct {
	info fs.FileInfo
	err  bool
}

func stampOf(p Paths) stamp {
	st := stamp{cert: statFile(p.Cert), key: statFile(p.Key)}
	if p.CA != "" {
		st.ca = statFile(p.CA)
	}
	return st
}

func statFile(path string) fileStamp {
	info, err := os.Stat(path)
	return fileStamp{info: info, err: err != nil}
}

func (a stamp) equal(b stamp) bool {
	return a.cert.equal(b.cert) && a.key.equal(b.key) && a.ca.equal(b.ca)
}

func (a fileStamp) equal(b fileStamp) bool {
	if a.info == nil || b.info == nil {
		return a.info == nil && b.info == nil && a.err == b.err
	}
	return os.SameFile(a.info, b.info) && a.info.ModTime().Equal(b.info.ModTime()) && a.info.Size() == b.info.Size()
}

// exists reports whether path names an existing file.
func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
