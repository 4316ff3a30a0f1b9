package gatewaycmd

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gatewaytls"
	"github.com/gatewire/gatewire/server/statedir"
)

// Local is what a gateway started on this host with a state directory
// and config file uses, as far as a client on the same host needs it:
// the port the config file sets (0 for none), the shared secret, and the
// Control UI's base path.
type Local struct {
	Port     int
	Token    string
	Password string
	// ControlUIBasePath is gateway.controlUi.basePath ("" for the root).
	ControlUIBasePath string
	// Source says where the secret was read, for messages: the config
	// key and file, or the generated token file.
	Source string
	// TLS is gateway.tls.enabled; TLSFingerprint is the fingerprint of
	// the certificate the gateway serves ("" when its files cannot be
	// read yet).
	TLS            bool
	TLSFingerprint string
	// RemoteTLSFingerprint is gateway.remote.tlsFingerprint, normalized.
	RemoteTLSFingerprint string
	// LogFile is the gateway's JSON-lines log file (logging.file, else
	// <state dir>/logs/gatewire.log).
	LogFile string
}

// LocalGateway reads the gateway's config file (configPath, or the state
// directory's gatewire.json when it is "") the way the gateway command
// does, and returns its port and the secret the gateway actually checks:
// with password auth the configured password, else the configured
// gateway.auth.token, else the token the gateway generated into
// <state dir>/gateway.token. Environment variables are left to the
// caller. A file that does not load is an error naming it.
func LocalGateway(stateDir, configPath string) (Local, error) {
	dir := statedir.Dir(stateDir)
	explicit := configPath != ""
	if !explicit {
		configPath = dir.ConfigFile()
	}
	file, err := config.Load(configPath, explicit)
	if err != nil {
		return Local{}, err
	}
	fromTokenFile := false
	readToken := func() (string, error) {
		tok, err := statedir.ReadToken(dir.TokenFile())
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		fromTokenFile = tok != ""
		return tok, err
	}
	unset := 0 // the port is 0 unless the file sets one
	m, err := config.NewManager(file, config.Overrides{DefaultPort: &unset}, readToken)
	if err != nil {
		return Local{}, err
	}
	eff := m.Effective()
	l := Local{Port: eff.Gateway.Port, TLS: eff.Gateway.Tls.Enabled, ControlUIBasePath: eff.Gateway.ControlUI.BasePath,
		LogFile: logFileOf(dir, eff)}
	if l.TLS {
		if mat, err := gatewaytls.Load(gatewaytls.Resolve(eff.Gateway.Tls, stateDir)); err == nil {
			l.TLSFingerprint = mat.Fingerprint
		}
	}
	if fp := eff.Gateway.Remote.TlsFingerprint; fp != nil {
		l.RemoteTLSFingerprint = gatewaytls.NormalizeFingerprint(*fp)
	}
	switch {
	case config.AuthMode(eff) == config.AuthPassword && eff.Gateway.Auth.Password != "":
		l.Password, l.Source = eff.Gateway.Auth.Password, "gateway.auth.password in "+configPath
	case fromTokenFile:
		l.Token, l.Source = eff.Gateway.Auth.Token, "the token file "+dir.TokenFile()
	case eff.Gateway.Auth.Token != "":
		l.Token, l.Source = eff.Gateway.Auth.Token, "gateway.auth.token in "+configPath
	}
	return l, nil
}

// logFileOf resolves logging.file against the state directory, as the
// gateway does.
func logFileOf(dir statedir.Dir, c config.Config) string {
	switch f := c.Logging.File; {
	case f == nil || *f == "":
		return dir.LogFile()
	case filepath.IsAbs(*f):
		return *f
	default:
		return filepath.Join(dir.Root(), *f)
	}
}
