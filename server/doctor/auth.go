package doctor

import (
	"fmt"
	"strings"

	"github.com/gatewire/gatewire/server/config"
)

// Token and password strength bounds. A generated token is 43
// characters (32 random bytes).
const (
	minTokenLen       = 32
	minExposedLen     = 24
	minPasswordLen    = 12
	minDistinctSymbol = 10
)

// weakSecrets are secrets no gateway should use, whatever their length.
var weakSecrets = []string{"changeme", "password", "secret", "token", "admin", "openclaw", "gatewire", "test", "letmein", "123456"}

// newTokenCommand prints a fresh random token.
const newTokenCommand = "head -c 32 /dev/urandom | base64 | tr -d '=+/'"

// checkAuth judges the shared secret and the bind address.
func (d *doctor) checkAuth() {
	if d.eff == nil {
		return
	}
	c := *d.eff
	loopback := config.IsLoopbackBind(c.Gateway.Bind)
	switch config.AuthMode(c) {
	case config.AuthNone:
		d.add("auth", Warn, "gatewire gateway"+d.profileFlags()+" --auth token",
			"auth mode \"none\": every process on this host can use the gateway as an operator")
	case config.AuthPassword:
		d.judgeSecret("password", c.Gateway.Auth.Password, minPasswordLen, loopback,
			d.secretFix("password", "gateway.auth.password", config.EnvPassword))
	default:
		min := minTokenLen
		if !loopback {
			min = minExposedLen
		}
		d.judgeSecret("token", c.Gateway.Auth.Token, min, loopback, d.secretFix("token", "gateway.auth.token", config.EnvToken))
	}
	switch {
	case !loopback && !c.Gateway.Tls.Enabled:
		d.add("bind", Warn, editFix(d.configPath(), "set gateway.tls.enabled: true (a self-signed certificate is generated; clients pin it)"),
			"the gateway listens on %q, reachable from other hosts, and the shared secret travels in clear without TLS", c.Gateway.Bind)
	case !loopback:
		d.add("bind", OK, "", "the gateway listens on %q with TLS and a credential", c.Gateway.Bind)
	default:
		d.add("bind", OK, "", "the gateway listens on loopback only")
	}
}

// judgeSecret reports a weak token or password.
func (d *doctor) judgeSecret(what, secret string, minLen int, loopback bool, fix string) {
	if secret == "" {
		d.add("auth", Info, "", "no %s yet: the gateway generates one into %s when it first starts", what, d.opts.StateDir.TokenFile())
		return
	}
	level := Warn
	if !loopback {
		level = Error
	}
	lower := strings.ToLower(secret)
	for _, w := range weakSecrets {
		if strings.Contains(lower, w) && len(secret) < 2*len(w)+8 {
			d.add("auth", Error, fix, "the gateway %s is a guessable word (%q)", what, w)
			return
		}
	}
	switch {
	case len(secret) < minLen:
		d.add("auth", level, fix, "the gateway %s is %d characters; use at least %d random ones", what, len(secret), minLen)
	case distinct(secret) < minDistinctSymbol:
		d.add("auth", level, fix, "the gateway %s uses only %d distinct characters: it is not random", what, distinct(secret))
	default:
		d.add("auth", OK, "", "the gateway %s is %d characters with %d distinct ones", what, len(secret), distinct(secret))
	}
}

// secretFix is the command that replaces the secret where it was set:
// the environment, the config file or the generated token file.
func (d *doctor) secretFix(what, key string, envNames []string) string {
	for _, name := range envNames {
		if d.opts.Getenv(name) != "" {
			return fmt.Sprintf("export %s=\"$(%s)\"", name, newTokenCommand)
		}
	}
	if d.file != nil && d.file.Exists && strings.Contains(d.file.Raw, strings.TrimPrefix(key, "gateway.auth.")) {
		return editFix(d.file.Path, fmt.Sprintf("set %s to the output of: %s", key, newTokenCommand))
	}
	if what == "token" {
		f := shellQuote(d.opts.StateDir.TokenFile())
		return fmt.Sprintf("(umask 077; %s > %s)  # then restart the gateway", newTokenCommand, f)
	}
	return editFix(d.opts.StateDir.ConfigFile(), fmt.Sprintf("set %s to the output of: %s", key, newTokenCommand))
}

// distinct counts the distinct characters of s.
func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
