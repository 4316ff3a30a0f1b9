package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/internal/service"
)

// Environment variables the client commands read.
const (
	envURL              = "GATEWIRE_GATEWAY_URL"
	envToken            = "GATEWIRE_GATEWAY_TOKEN"
	envPassword         = "GATEWIRE_GATEWAY_PASSWORD"
	envOpenClawURL      = "OPENCLAW_GATEWAY_URL"
	envOpenClawToken    = "OPENCLAW_GATEWAY_TOKEN"
	envOpenClawPassword = "OPENCLAW_GATEWAY_PASSWORD"
	// The gateway's own variables, read last so that a shell that runs
	// the gateway also reaches it.
	envGatewayToken    = "GATEWIRE_TOKEN"
	envGatewayPassword = "GATEWIRE_PASSWORD"
	envPort            = "GATEWIRE_PORT"
	envOpenClawPort    = "OPENCLAW_GATEWAY_PORT"
	envStateDir        = "GATEWIRE_STATE_DIR"
	envOpenClawState   = "OPENCLAW_STATE_DIR"
	envConfigPath      = "GATEWIRE_CONFIG_PATH"
	envOpenClawConfig  = "OPENCLAW_CONFIG_PATH"
	// envIdentityDir is the client's own identity folder.
	envIdentityDir = "GATEWIRE_IDENTITY_DIR"
)

// Defaults of the client commands (the gateway command's own defaults).
const (
	defaultPort    = 18789
	defaultDevPort = 19001
	defaultTimeout = 10 * time.Second
	tokenFileName  = "gateway.token"
	// identitySubdir is the client's identity folder inside the state
	// dir, apart from the gateway's own identity.
	identitySubdir = "cli"
)

// LocalGateway is what the gateway on this host uses, read from its state
// directory and config file: the port the config file sets (0 for none)
// and the shared secret it checks, with where that was read.
type LocalGateway struct {
	Port     int
	Token    string
	Password string
	// ControlUIBasePath is the Control UI's base path ("" for the root).
	ControlUIBasePath string
	// Source names where the secret came from, e.g. "gateway.auth.token
	// in /home/me/.gatewire/gatewire.json" or "the token file …".
	Source string
	// TLS is gateway.tls.enabled: the gateway serves wss://.
	TLS bool
	// TLSFingerprint is the fingerprint of the certificate the gateway
	// serves, read from its files ("" when they cannot be read).
	TLSFingerprint string
	// RemoteTLSFingerprint is gateway.remote.tlsFingerprint.
	RemoteTLSFingerprint string
	// LogFile is the gateway's JSON-lines log file.
	LogFile string
}

// LocalResolver reads the LocalGateway of a state directory and config
// file ("" for the state directory's default one). The binary passes the
// gateway command's own reader, so that client and gateway agree.
type LocalResolver func(stateDir, configPath string) (LocalGateway, error)

// connFlags are the flags every client command takes.
type connFlags struct {
	url         string
	token       string
	password    string
	stateDir    string
	identityDir string
	configPath  string
	dev         bool
	profile     string
	timeout     msDuration
	json        bool
	// asDevice forces the client's device identity on the gateway's own
	// host too.
	asDevice bool
	// protocol, when not 0, is the one protocol version connect offers.
	protocol int
	// tlsFingerprint pins a wss:// gateway's certificate.
	tlsFingerprint string
}

// register adds the common flags to fs.
func (f *connFlags) register(fs *pflag.FlagSet) {
	f.timeout = msDuration(defaultTimeout)
	f.registerLocation(fs)
	fs.StringVar(&f.password, "password", "", "gateway password")
	fs.StringVar(&f.identityDir, "identity-dir", "",
		"this client's own device identity and device tokens (default <state dir>/cli)")
	fs.Var(&f.timeout, "timeout", "time allowed for the connection and each request, in ms or as a duration (e.g. 10s)")
	fs.BoolVar(&f.json, "json", false, "print JSON instead of a table")
	fs.BoolVar(&f.asDevice, "device-identity", false,
		"connect with this client's device identity (--identity-dir) even on the gateway's host (pairs it as a device)")
	fs.StringVar(&f.tlsFingerprint, "tls-fingerprint", "",
		"expected SHA-256 fingerprint of a wss:// gateway's certificate (default: gateway.remote.tlsFingerprint, or the local gateway's own)")
	fs.IntVar(&f.protocol, "protocol", 0, fmt.Sprintf("offer only this protocol version, %d or %d (default: both, the gateway picks); "+
		"a gateway that refuses it naming the other version is connected at that one", gatewire.MinProtocolVersion, gatewire.MaxProtocolVersion))
}

// registerLocation adds the flags that say which gateway to reach and
// with which token (--url, --token, --state-dir, --config, --dev,
// --profile): every client command has them, and so does dashboard, which
// only prints an address.
func (f *connFlags) registerLocation(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "url", "", "gateway WebSocket URL (default ws://127.0.0.1:18789, or the config file's port)")
	fs.StringVar(&f.token, "token", "", "gateway token (default on this host: the one the gateway uses)")
	fs.StringVar(&f.stateDir, "state-dir", "",
		"the gateway's state directory, where its config file and generated token are read (default ~/.gatewire)")
	fs.StringVar(&f.configPath, "config", "", "the gateway's config file (default <state dir>/gatewire.json)")
	fs.BoolVar(&f.dev, "dev", false, "development profile, as for gateway --dev: port 19001 and ~/.gatewire-dev unless overridden")
	fs.StringVar(&f.profile, "profile", "", "the named gateway instance, as for gateway --profile: ~/.gatewire-<name> unless overridden")
}

// settings are the resolved connection settings of one command.
type settings struct {
	url      string
	loopback bool
	token    string
	password string
	// secretSource names where the token or password came from (a flag,
	// a variable, the config file or the token file); "" when none.
	secretSource string
	// tokenFile is the gateway's generated token file, for hints.
	tokenFile   string
	stateDir    string
	identityDir string
	timeout     time.Duration
	json        bool
	// asDevice is the --device-identity flag.
	asDevice bool
	// dev is the --dev flag.
	dev bool
	// profile is the gateway instance (--profile, or "dev" with --dev).
	profile service.Profile
	// configPath is the gateway's config file, "" for the state dir's.
	configPath string
	// protocol is the --protocol flag (0: the SDK's whole range).
	protocol int
	// tlsFingerprint pins the gateway's certificate ("" for none), and
	// tlsSource says where it came from, for messages.
	tlsFingerprint, tlsSource string
	// clientVersion is the version the commands report in connect.client
	// (the binary's; empty lets the SDK choose).
	clientVersion string
}

// resolve turns flags and environment into settings. Flags win over
// GATEWIRE_* variables, which win over OPENCLAW_* ones. Without a URL or
// port the gateway's config file gives the port. Without a token or
// password, a loopback gateway's own secret is read from its config file
// (gateway.auth.token or .password) or, when that sets none, from the
// token file it generated, <state dir>/gateway.token.
func (f *connFlags) resolve(e *env) (*settings, error) {
	getenv := e.getenv
	s := &settings{timeout: time.Duration(f.timeout), json: f.json, asDevice: f.asDevice, dev: f.dev, clientVersion: e.version,
		protocol: f.protocol}
	var err error
	if s.profile, err = service.ParseProfile(f.profile, f.dev); err != nil {
		return nil, err
	}
	s.dev = s.profile == service.DevProfile
	if s.stateDir, err = resolveStateDir(f.stateDir, s.profile, getenv); err != nil {
		return nil, err
	}
	s.tokenFile = filepath.Join(s.stateDir, tokenFileName)
	if s.identityDir, err = resolveIdentityDir(f.identityDir, s.stateDir, getenv); err != nil {
		return nil, err
	}
	s.configPath = cmp.Or(f.configPath, getenv(envConfigPath), getenv(envOpenClawConfig))
	local := withUnitPort(e.localOnce(s.stateDir, s.configPath), s.profile, getenv)
	if s.url, err = resolveURL(f.url, s.dev, getenv, local); err != nil {
		return nil, err
	}
	s.loopback = gatewire.IsLoopbackURL(s.url)
	if s.tlsFingerprint, s.tlsSource, err = resolvePin(f.tlsFingerprint, s.url, s.loopback, local); err != nil {
		return nil, err
	}
	s.token, s.password, s.secretSource = explicitSecret(f, getenv)
	if s.token == "" && s.password == "" && s.loopback {
		l, err := local()
		if err != nil {
			return nil, err
		}
		s.token, s.password, s.secretSource = l.Token, l.Password, l.Source
	}
	return s, nil
}

// withUnitPort makes local report the port the profile's installed
// systemd unit passes with --port (which wins over the config file's, as
// a flag does for the gateway).
func withUnitPort(local func() (LocalGateway, error), p service.Profile, getenv func(string) string) func() (LocalGateway, error) {
	return func() (LocalGateway, error) {
		l, err := local()
		if dir, derr := service.UnitDir(getenv); err == nil && derr == nil {
			if port := (service.Manager{UnitDir: dir}).InstalledPort(p); port != 0 {
				l.Port = port
			}
		}
		return l, err
	}
}

// explicitSecret returns the token or password given by flag or
// variable, and which one it was.
func explicitSecret(f *connFlags, getenv func(string) string) (token, password, source string) {
	if f.token != "" {
		return f.token, "", "--token"
	}
	if f.password != "" {
		return "", f.password, "--password"
	}
	for _, name := range []string{envToken, envOpenClawToken, envGatewayToken} {
		if v := getenv(name); v != "" {
			token, source = v, name
			break
		}
	}
	for _, name := range []string{envPassword, envOpenClawPassword, envGatewayPassword} {
		if v := getenv(name); v != "" {
			if source == "" {
				source = name
			}
			return token, v, source
		}
	}
	return token, "", source
}

// localOnce returns a function that reads the local gateway's settings
// at most once.
func (e *env) localOnce(stateDir, configPath string) func() (LocalGateway, error) {
	var l LocalGateway
	var err error
	done := false
	return func() (LocalGateway, error) {
		if !done {
			done = true
			l, err = e.readLocal(stateDir, configPath)
		}
		return l, err
	}
}

// readLocal reads the local gateway's settings with the binary's
// resolver, or only the generated token file without one.
func (e *env) readLocal(stateDir, configPath string) (LocalGateway, error) {
	if e.local != nil {
		l, err := e.local(stateDir, configPath)
		if err != nil {
			return l, fmt.Errorf("reading the gateway's settings (its port, token and TLS pin) on this host: %w\n"+
				"hint: pass --url and --token, or fix the config file", err)
		}
		return l, nil
	}
	path := filepath.Join(stateDir, tokenFileName)
	tok, err := readTokenFile(path)
	if tok == "" {
		return LocalGateway{}, err
	}
	return LocalGateway{Token: tok, Source: "the token file " + path}, err
}

// shownURL returns the gateway URL as the commands print it: a password
// in it is redacted.
func (s *settings) shownURL() string {
	u, err := url.Parse(s.url)
	if err != nil {
		return s.url
	}
	return u.Redacted()
}

// hasSecret reports whether a shared token or password is known.
func (s *settings) hasSecret() bool { return s.token != "" || s.password != "" }

// resolveURL returns the gateway URL: the flag, the environment, or the
// loopback address with the port from the environment, else from the
// gateway's config file, else the default (19001 with --dev); wss:// when
// the config file enables gateway.tls.
func resolveURL(flag string, dev bool, getenv func(string) string, local func() (LocalGateway, error)) (string, error) {
	if u := cmp.Or(flag, getenv(envURL), getenv(envOpenClawURL)); u != "" {
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			return "", fmt.Errorf("gateway URL %q: it must start with ws:// or wss://", u)
		}
		return u, nil
	}
	for _, name := range []string{envPort, envOpenClawPort} {
		v := getenv(name)
		if v == "" {
			continue
		}
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return "", fmt.Errorf("%s=%q is not a TCP port", name, v)
		}
		if l, err := local(); err == nil && l.TLS {
			return secureLoopbackURL(p), nil
		}
		return loopbackURL(p), nil
	}
	l, err := local()
	if err != nil {
		return "", err
	}
	port := defaultPort
	switch {
	case l.Port != 0:
		port = l.Port
	case dev:
		port = defaultDevPort
	}
	if l.TLS {
		return secureLoopbackURL(port), nil
	}
	return loopbackURL(port), nil
}

func loopbackURL(port int) string { return "ws://127.0.0.1:" + strconv.Itoa(port) }

// secureLoopbackURL is the URL of a local gateway that serves TLS.
func secureLoopbackURL(port int) string { return "wss://127.0.0.1:" + strconv.Itoa(port) }

// resolveStateDir returns the gateway's state directory: the flag, then
// GATEWIRE_STATE_DIR, then OPENCLAW_STATE_DIR, then ~/.gatewire (or
// ~/.gatewire-<profile>), as the gateway command resolves it.
func resolveStateDir(flag string, profile service.Profile, getenv func(string) string) (string, error) {
	dir := cmp.Or(flag, getenv(envStateDir), getenv(envOpenClawState))
	if dir == "" {
		dir = "~/" + profile.StateDirName()
	}
	return absDir(dir, "state dir")
}

// resolveIdentityDir returns the client's identity folder: the flag, then
// GATEWIRE_IDENTITY_DIR, then <state dir>/cli — never the state dir
// itself, whose identity is the gateway's own.
func resolveIdentityDir(flag, stateDir string, getenv func(string) string) (string, error) {
	dir := cmp.Or(flag, getenv(envIdentityDir))
	if dir == "" {
		return filepath.Join(stateDir, identitySubdir), nil
	}
	return absDir(dir, "identity dir")
}

// absDir expands a leading ~ and makes dir absolute.
func absDir(dir, what string) (string, error) {
	if dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the home directory for the %s: %w", what, err)
		}
		dir = filepath.Join(home, strings.TrimPrefix(dir, "~"))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("%s %q: %w", what, dir, err)
	}
	return abs, nil
}

// readTokenFile reads the gateway's generated token; a missing file is no
// token. A file others can read is refused, as the gateway refuses it.
func readTokenFile(path string) (string, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("gateway token file: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("gateway token file %s has mode %04o; it must be readable by its owner only (chmod 600)", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("gateway token file: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// msDuration is a duration flag that takes milliseconds (as the
// reference CLI's --timeout does) or a Go duration such as "10s".
type msDuration time.Duration

func (d *msDuration) String() string { return strconv.FormatInt(time.Duration(*d).Milliseconds(), 10) }

func (d *msDuration) Type() string { return "ms" }

func (d *msDuration) Set(v string) error {
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		if ms <= 0 {
			return errors.New("must be positive")
		}
		*d = msDuration(time.Duration(ms) * time.Millisecond)
		return nil
	}
	parsed, err := time.ParseDuration(v)
	if err != nil || parsed <= 0 {
		return errors.New("want milliseconds or a positive duration such as 10s")
	}
	*d = msDuration(parsed)
	return nil
}
