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
)

// Defaults of the client commands.
const (
	defaultPort     = 18789
	defaultTimeout  = 10 * time.Second
	defaultStateDir = ".gatewire"
	tokenFileName   = "gateway.token"
)

// connFlags are the flags every client command takes.
type connFlags struct {
	url      string
	token    string
	password string
	stateDir string
	timeout  msDuration
	json     bool
	// asDevice forces the state dir's device identity on the gateway's
	// own host too.
	asDevice bool
}

// register adds the common flags to fs.
func (f *connFlags) register(fs *pflag.FlagSet) {
	f.timeout = msDuration(defaultTimeout)
	fs.StringVar(&f.url, "url", "", "gateway WebSocket URL (default ws://127.0.0.1:18789)")
	fs.StringVar(&f.token, "token", "", "gateway token")
	fs.StringVar(&f.password, "password", "", "gateway password")
	fs.StringVar(&f.stateDir, "state-dir", "", "state directory holding this client's device identity (default ~/.gatewire)")
	fs.Var(&f.timeout, "timeout", "time allowed for the connection and each request, in ms or as a duration (e.g. 10s)")
	fs.BoolVar(&f.json, "json", false, "print JSON instead of a table")
	fs.BoolVar(&f.asDevice, "device-identity", false,
		"connect with the state directory's device identity even on the gateway's host (pairs this state dir as a device)")
}

// settings are the resolved connection settings of one command.
type settings struct {
	url      string
	loopback bool
	token    string
	password string
	// tokenFromFile is true when the token came from the gateway's
	// gateway.token file.
	tokenFromFile bool
	stateDir      string
	timeout       time.Duration
	json          bool
	// asDevice is the --device-identity flag.
	asDevice bool
	// clientVersion is the version the commands report in connect.client
	// (the binary's; empty lets the SDK choose).
	clientVersion string
}

// resolve turns flags and environment into settings. Flags win over
// GATEWIRE_* variables, which win over OPENCLAW_* ones. Without a token
// or password, a loopback gateway's generated token is read from
// <state dir>/gateway.token.
func (f *connFlags) resolve(e *env) (*settings, error) {
	getenv := e.getenv
	s := &settings{timeout: time.Duration(f.timeout), json: f.json, asDevice: f.asDevice, clientVersion: e.version}
	var err error
	if s.url, err = resolveURL(f.url, getenv); err != nil {
		return nil, err
	}
	s.loopback = gatewire.IsLoopbackURL(s.url)
	if s.stateDir, err = resolveStateDir(f.stateDir, getenv); err != nil {
		return nil, err
	}
	s.token = cmp.Or(f.token, getenv(envToken), getenv(envOpenClawToken), getenv(envGatewayToken))
	s.password = cmp.Or(f.password, getenv(envPassword), getenv(envOpenClawPassword), getenv(envGatewayPassword))
	if s.token == "" && s.password == "" && s.loopback {
		tok, err := readTokenFile(filepath.Join(s.stateDir, tokenFileName))
		if err != nil {
			return nil, err
		}
		s.token, s.tokenFromFile = tok, tok != ""
	}
	return s, nil
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
// loopback default with the port from the environment.
func resolveURL(flag string, getenv func(string) string) (string, error) {
	if u := cmp.Or(flag, getenv(envURL), getenv(envOpenClawURL)); u != "" {
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			return "", fmt.Errorf("gateway URL %q: it must start with ws:// or wss://", u)
		}
		return u, nil
	}
	port := defaultPort
	for _, name := range []string{envPort, envOpenClawPort} {
		v := getenv(name)
		if v == "" {
			continue
		}
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return "", fmt.Errorf("%s=%q is not a TCP port", name, v)
		}
		port = p
		break
	}
	return "ws://127.0.0.1:" + strconv.Itoa(port), nil
}

// resolveStateDir returns the state directory: the flag, then
// GATEWIRE_STATE_DIR, then OPENCLAW_STATE_DIR, then ~/.gatewire.
func resolveStateDir(flag string, getenv func(string) string) (string, error) {
	dir := cmp.Or(flag, getenv(envStateDir), getenv(envOpenClawState))
	if dir == "" || dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the home directory for the state dir: %w", err)
		}
		if dir == "" {
			dir = defaultStateDir
		}
		dir = filepath.Join(home, strings.TrimPrefix(strings.TrimPrefix(dir, "~"), "/"))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("state dir %q: %w", dir, err)
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
