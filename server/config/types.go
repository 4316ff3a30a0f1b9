// Package config is the gateway's configuration file: a JSON5 document
// (default <stateDir>/gatewire.json) validated against the JSON Schema the
// config.schema method serves. It loads and validates the file with
// errors that name the file, the line and the key; applies defaults and
// the flag/environment overrides; redacts secrets as
// "__OPENCLAW_REDACTED__"; hashes, merge-patches and atomically writes the
// file; and tells which changed keys reload without a restart.
package config

// Config is the whole gateway configuration, after defaults.
type Config struct {
	Gateway   Gateway   `json:"gateway"`   // listener, authentication, pairing
	Logging   Logging   `json:"logging"`   // log level and file
	Heartbeat Heartbeat `json:"heartbeat"` // heartbeat scheduler
	Models    Models    `json:"models"`    // catalog served by models.list
	Voicewake Voicewake `json:"voicewake"` // wake words sent to nodes
}

// Gateway configures the listener, authentication and pairing.
type Gateway struct {
	// Port is the TCP port for WebSocket and HTTP.
	Port int `json:"port"`
	// Bind is "loopback", "lan" (every interface) or an IP address.
	Bind string `json:"bind"`
	// Auth configures shared-secret authentication.
	Auth Auth `json:"auth"`
	// HandshakeTimeoutMs is how long a socket may take to connect.
	HandshakeTimeoutMs int64 `json:"handshakeTimeoutMs"`
	// TickIntervalMs is the period of tick events.
	TickIntervalMs int64 `json:"tickIntervalMs"`
	// TrustedProxies lists the proxies (IPs or CIDRs) whose forwarded
	// headers name the client address.
	TrustedProxies []string `json:"trustedProxies"`
	// ControlUI configures browser access.
	ControlUI ControlUI `json:"controlUi"`
	// Pairing configures device pairing.
	Pairing Pairing `json:"pairing"`
	// Nodes configures node pairing.
	Nodes Nodes `json:"nodes"`
}

// Auth modes.
const (
	AuthNone     = "none"
	AuthToken    = "token"
	AuthPassword = "password"
)

// Auth configures the shared secret clients present in connect.
type Auth struct {
	// Mode is "none", "token" or "password"; empty means "password" when
	// only a password is configured, else "token".
	Mode string `json:"mode,omitempty"`
	// Token and Password are the shared secrets.
	Token    string `json:"token,omitempty"`
	Password string `json:"password,omitempty"`
	// RateLimit limits failed authentication attempts.
	RateLimit RateLimit `json:"rateLimit"`
}

// RateLimit limits failed authentication attempts per client address.
type RateLimit struct {
	MaxAttempts int   `json:"maxAttempts"` // failures allowed per window
	WindowMs    int64 `json:"windowMs"`    // the window, in milliseconds
	LockoutMs   int64 `json:"lockoutMs"`   // lockout once exceeded, in milliseconds
}

// ControlUI configures browser (Control UI) connections.
type ControlUI struct {
	// AllowedOrigins lists the browser origins allowed to connect.
	AllowedOrigins []string `json:"allowedOrigins"`
}

// Pairing configures device pairing.
type Pairing struct {
	// AutoApproveLocal approves new devices connecting directly over
	// loopback without asking an operator.
	AutoApproveLocal bool `json:"autoApproveLocal"`
}

// Nodes configures node connections.
type Nodes struct {
	// Pairing configures the pairing of devices connecting as nodes.
	Pairing Pairing `json:"pairing"`
	// Commands adjusts which declared node commands are kept.
	Commands NodeCommands `json:"commands"`
}

// NodeCommands adjusts the per-platform allowlist of node commands: a
// node's declared commands are kept only when the allowlist has them.
type NodeCommands struct {
	// Allow adds commands to every platform's allowlist.
	Allow []string `json:"allow,omitempty"`
	// Deny removes commands from every platform's allowlist.
	Deny []string `json:"deny,omitempty"`
}

// Logging configures the gateway's logs.
type Logging struct {
	// Level is "debug", "info", "warn" or "error".
	Level string `json:"level"`
	// File is the JSON-lines log file; empty means <stateDir>/logs/gatewire.log,
	// a relative path is relative to the state directory.
	File string `json:"file,omitempty"`
}

// Heartbeat configures the heartbeat scheduler.
type Heartbeat struct {
	Enabled bool  `json:"enabled"` // periodic heartbeats run
	EveryMs int64 `json:"everyMs"` // their period, in milliseconds
}

// Models is the model catalog models.list returns.
type Models struct {
	// Catalog lists the models, in the order models.list returns them.
	Catalog []ModelChoice `json:"catalog"`
}

// ModelChoice is one model of the catalog; its fields are those of the
// protocol's ModelChoice.
type ModelChoice struct {
	ID            string `json:"id"`                      // model id
	Name          string `json:"name"`                    // display name
	Provider      string `json:"provider"`                // provider id
	Alias         string `json:"alias,omitempty"`         // short name, optional
	ContextWindow int64  `json:"contextWindow,omitempty"` // tokens, 0 when unknown
	Reasoning     *bool  `json:"reasoning,omitempty"`     // reasoning model, when known
}

// Voicewake configures the wake words sent to node connections.
type Voicewake struct {
	// Triggers are the wake words.
	Triggers []string `json:"triggers"`
}

// Default values.
const (
	DefaultPort               = 18789
	DefaultDevPort            = 19001
	DefaultBind               = BindLoopback
	DefaultHandshakeTimeoutMs = 15_000
	DefaultTickIntervalMs     = 30_000
	DefaultHeartbeatEveryMs   = 30 * 60 * 1000
	DefaultLogLevel           = "info"
)

// Defaults returns the configuration used for keys the file leaves out.
func Defaults() Config {
	return Config{
		Gateway: Gateway{
			Port:               DefaultPort,
			Bind:               DefaultBind,
			Auth:               Auth{RateLimit: RateLimit{MaxAttempts: 10, WindowMs: 60_000, LockoutMs: 300_000}},
			HandshakeTimeoutMs: DefaultHandshakeTimeoutMs,
			TickIntervalMs:     DefaultTickIntervalMs,
			TrustedProxies:     []string{},
			ControlUI:          ControlUI{AllowedOrigins: []string{}},
			Pairing:            Pairing{AutoApproveLocal: true},
			Nodes:              Nodes{Pairing: Pairing{AutoApproveLocal: true}},
		},
		Logging:   Logging{Level: DefaultLogLevel},
		Heartbeat: Heartbeat{Enabled: true, EveryMs: DefaultHeartbeatEveryMs},
		Models:    Models{Catalog: []ModelChoice{}},
		Voicewake: Voicewake{Triggers: []string{}},
	}
}

// AuthMode returns the effective auth mode: the configured mode, else
// "password" when only a password is set, else "token".
func (c Config) AuthMode() string {
	a := c.Gateway.Auth
	switch {
	case a.Mode != "":
		return a.Mode
	case a.Password != "" && a.Token == "":
		return AuthPassword
	}
	return AuthToken
}
