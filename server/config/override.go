package config

import (
	"fmt"
	"strconv"

	genconfig "github.com/gatewire/gatewire/gen/go/config"
)

// Environment variables that override the config file (flags override
// them in turn). The first non-empty variable of each list wins.
var (
	EnvPort             = []string{"GATEWIRE_PORT", "OPENCLAW_GATEWAY_PORT"}
	EnvBind             = []string{"GATEWIRE_BIND"}
	EnvAuthMode         = []string{"GATEWIRE_AUTH_MODE"}
	EnvToken            = []string{"GATEWIRE_TOKEN", "OPENCLAW_GATEWAY_TOKEN"}
	EnvPassword         = []string{"GATEWIRE_PASSWORD", "OPENCLAW_GATEWAY_PASSWORD"}
	EnvHandshakeTimeout = []string{"GATEWIRE_HANDSHAKE_TIMEOUT_MS", "OPENCLAW_HANDSHAKE_TIMEOUT_MS"}
	EnvConfigPath       = []string{"GATEWIRE_CONFIG_PATH", "OPENCLAW_CONFIG_PATH"}
)

// Overrides are values from flags or the environment that take
// precedence over the config file. Nil fields leave the file's value.
type Overrides struct {
	// DefaultPort replaces the default port when neither the file nor
	// another override sets one (the --dev port).
	DefaultPort *int
	// The others replace the config keys of the same names: gateway.port,
	// gateway.bind, gateway.auth.mode, gateway.auth.token,
	// gateway.auth.password, gateway.handshakeTimeoutMs and logging.level.
	Port               *int
	Bind               *string
	AuthMode           *string
	Token              *string
	Password           *string
	HandshakeTimeoutMs *int
	LogLevel           *string
}

// Over layers o above lower: every field set in o replaces lower's, so
// flags.Over(env) gives flags precedence.
func (o Overrides) Over(lower Overrides) Overrides {
	out := lower
	pick(&out.DefaultPort, o.DefaultPort)
	pick(&out.Port, o.Port)
	pick(&out.Bind, o.Bind)
	pick(&out.AuthMode, o.AuthMode)
	pick(&out.Token, o.Token)
	pick(&out.Password, o.Password)
	pick(&out.HandshakeTimeoutMs, o.HandshakeTimeoutMs)
	pick(&out.LogLevel, o.LogLevel)
	return out
}

func pick[T any](dst **T, v *T) {
	if v != nil {
		*dst = v
	}
}

// Apply returns c with the overrides applied.
func (o Overrides) Apply(c Config) Config {
	setIf(&c.Gateway.Port, o.Port)
	setIf(&c.Gateway.Bind, o.Bind)
	if o.AuthMode != nil {
		mode := genconfig.AuthMode(*o.AuthMode)
		c.Gateway.Auth.Mode = &mode
	}
	setIf(&c.Gateway.Auth.Token, o.Token)
	setIf(&c.Gateway.Auth.Password, o.Password)
	setIf(&c.Gateway.HandshakeTimeoutMs, o.HandshakeTimeoutMs)
	if o.LogLevel != nil {
		c.Logging.Level = genconfig.LoggingLevel(*o.LogLevel)
	}
	return c
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Validate checks the override values.
func (o Overrides) Validate() error {
	if o.Port != nil && (*o.Port < 1 || *o.Port > 65535) {
		return fmt.Errorf("port %d is out of range 1..65535", *o.Port)
	}
	if o.Bind != nil {
		if _, err := BindAddr(*o.Bind); err != nil {
			return err
		}
	}
	if o.AuthMode != nil {
		switch *o.AuthMode {
		case AuthNone, AuthToken, AuthPassword:
		default:
			return fmt.Errorf("auth mode %q is not one of none, token, password", *o.AuthMode)
		}
	}
	if o.Token != nil && *o.Token == Redacted {
		return fmt.Errorf("the token %s", placeholderSecret)
	}
	if o.Password != nil && *o.Password == Redacted {
		return fmt.Errorf("the password %s", placeholderSecret)
	}
	if o.HandshakeTimeoutMs != nil && (*o.HandshakeTimeoutMs < 100 || *o.HandshakeTimeoutMs > 600_000) {
		return fmt.Errorf("handshake timeout %d ms is out of range 100..600000", *o.HandshakeTimeoutMs)
	}
	return nil
}

// EnvOverrides reads the override variables from the environment (getenv
// is os.Getenv in production). Empty variables count as unset; malformed
// values are errors that name the variable.
func EnvOverrides(getenv func(string) string) (Overrides, error) {
	var o Overrides
	if name, v := FirstEnv(getenv, EnvPort); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil || port < 1 || port > 65535 {
			return o, fmt.Errorf("%s=%q is not a port number", name, v)
		}
		o.Port = &port
	}
	if name, v := FirstEnv(getenv, EnvHandshakeTimeout); v != "" {
		ms, err := strconv.Atoi(v)
		if err != nil {
			return o, fmt.Errorf("%s=%q is not a number of milliseconds", name, v)
		}
		o.HandshakeTimeoutMs = &ms
	}
	o.Bind = envString(getenv, EnvBind)
	o.AuthMode = envString(getenv, EnvAuthMode)
	o.Token = envString(getenv, EnvToken)
	o.Password = envString(getenv, EnvPassword)
	if err := o.Validate(); err != nil {
		return o, fmt.Errorf("environment: %w", err)
	}
	return o, nil
}

// FirstEnv returns the first variable of names that is set and non-empty,
// and its value.
func FirstEnv(getenv func(string) string, names []string) (name, value string) {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return n, v
		}
	}
	return "", ""
}

func envString(getenv func(string) string, names []string) *string {
	if _, v := FirstEnv(getenv, names); v != "" {
		return &v
	}
	return nil
}
