package gatewire

import (
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// Client ids and modes of the protocol's closed enums that Go programs
// typically present.
const (
	ClientIDGatewayClient = string(protocol.ClientIdGatewayClient)
	ClientIDCLI           = string(protocol.ClientIdCli)
	ClientIDNodeHost      = string(protocol.ClientIdNodeHost)

	ClientModeBackend = string(protocol.ClientModeBackend)
	ClientModeCLI     = string(protocol.ClientModeCli)
	ClientModeNode    = string(protocol.ClientModeNode)
	ClientModeProbe   = string(protocol.ClientModeProbe)
)

// Roles a connection may ask for.
const (
	RoleOperator = string(protocol.RoleOperator)
	RoleNode     = string(protocol.RoleNode)
)

// Operator scopes of protocol v3.
const (
	ScopeAdmin       = string(protocol.OperatorScopeAdmin)
	ScopeRead        = string(protocol.OperatorScopeRead)
	ScopeWrite       = string(protocol.OperatorScopeWrite)
	ScopeApprovals   = string(protocol.OperatorScopeApprovals)
	ScopePairing     = string(protocol.OperatorScopePairing)
	ScopeTalkSecrets = string(protocol.OperatorScopeTalkSecrets)
)

// AllOperatorScopes are the operator scopes of the manifest's scope
// table, in its order (the order the reference CLI asks for them).
var AllOperatorScopes = protocol.Manifest.Scopes.Names(rpc.RoleOperator)

// ScopesSatisfy reports whether a connection of role holding held
// satisfies want, by the protocol's one scope judge (the manifest's
// scope table, which the gateway applies too).
func ScopesSatisfy(role string, held []string, want string) bool {
	return protocol.Manifest.Scopes.Satisfies(rpc.Role(role), held, want)
}

// Default timings (the reference clients of protocols 3 and 4).
const (
	DefaultChallengeTimeout = 15 * time.Second
	DefaultRequestTimeout   = 30 * time.Second
	// DefaultTickInterval applies when hello-ok carries no tick interval.
	DefaultTickInterval = 30 * time.Second
	// DefaultMaxMessageBytes bounds one inbound frame.
	DefaultMaxMessageBytes = 64 << 20
)

// ClientInfo is the connect.client block: who the client says it is.
type ClientInfo struct {
	// ID is one of the protocol's client ids (default "gateway-client").
	ID string
	// Mode is one of the protocol's client modes (default "backend").
	Mode string
	// Version is the client's version (default: the module version of the
	// running binary, or "dev").
	Version string
	// Platform is free-form, e.g. "linux" (default: the Go GOOS, with
	// "windows" reported as "win32" like the reference clients).
	Platform string

	// DisplayName, DeviceFamily, ModelIdentifier and InstanceID are
	// optional descriptions; DeviceFamily is part of the signed device
	// proof, and a paired device's platform and family are pinned.
	DisplayName     string
	DeviceFamily    string
	ModelIdentifier string
	InstanceID      string
}

// Auth holds the credentials a connect may carry. The shared token and
// password come from the gateway's configuration; DeviceToken and
// BootstrapToken are device credentials. Empty fields are not sent.
type Auth struct {
	// Token is the gateway's shared token (auth.token).
	Token string
	// Password is the gateway's shared password (auth.password).
	Password string
	// DeviceToken is a token the gateway issued to this device
	// (auth.deviceToken); a Device's stored token is used without it.
	DeviceToken string
	// BootstrapToken is a setup-code token (auth.bootstrapToken), sent
	// only when no other credential is.
	BootstrapToken string
}

// Options configure Dial. The zero value connects as a backend operator
// without credentials or device identity.
type Options struct {
	// Client says who the client is (default gateway-client/backend).
	Client ClientInfo
	// Role is "operator" (the default) or "node".
	Role string
	// Scopes are the scopes to ask for. Nil asks for the scopes stored with
	// the device token being reused, if any, else for none; an empty,
	// non-nil slice always asks for none.
	Scopes []string
	// Auth holds the credentials to send.
	Auth Auth
	// Device, when set, signs the connect with the device's identity and
	// keeps the device tokens the gateway issues (see OpenDevice).
	Device *Device

	// Caps, Commands, Permissions and PathEnv are what a node connection
	// declares; Locale and UserAgent describe any client.
	Caps        []string
	Commands    []string
	Permissions map[string]bool
	PathEnv     string
	Locale      string
	UserAgent   string

	// TLSFingerprint pins the gateway's certificate for wss:// URLs: the
	// hex SHA-256 of the leaf certificate (colons and a "sha256:" prefix
	// are accepted). A pinned endpoint also allows the one retry with the
	// stored device token after a shared-token mismatch.
	TLSFingerprint string
	// HTTPClient and HTTPHeader customize the WebSocket upgrade request.
	HTTPClient *http.Client
	HTTPHeader http.Header

	// ChallengeTimeout bounds the wait for connect.challenge (15 s).
	ChallengeTimeout time.Duration
	// RequestTimeout bounds a call whose context has no deadline (30 s);
	// calls with ExpectFinal wait without it. Negative disables it.
	RequestTimeout time.Duration
	// MaxMessageBytes bounds one inbound frame (64 MiB).
	MaxMessageBytes int64

	// OnEvent receives every event after the handshake, in order, on the
	// connection's reader goroutine: it must not block, and must not call
	// Close (hand such work to another goroutine).
	OnEvent func(Event)
	// OnGap is called, before the event is delivered, when a broadcast's
	// seq skips numbers (seq > last+1): events were missed and state
	// derived from them should be refreshed. It runs like OnEvent.
	OnGap func(Gap)

	// MinProtocol and MaxProtocol bound the protocol versions connect
	// offers; zero means the client's own bound (MinProtocolVersion,
	// MaxProtocolVersion), so by default the gateway picks the newest
	// version both sides speak. When a gateway refuses the range as a
	// protocol mismatch naming another version the client speaks, Dial
	// reconnects once offering exactly that version (see Conn.Protocol).
	MinProtocol int
	MaxProtocol int

	// AllowFewerScopes lets Dial succeed when the gateway grants fewer
	// scopes than Scopes asks for; by default Dial then fails with a
	// *ScopesError. Conn.Scopes and Conn.HasScope say what was granted.
	AllowFewerScopes bool

	// Logger receives debug logs (default: discarded).
	Logger *slog.Logger
	// Now is the clock used for signatures and token timestamps.
	Now func() time.Time
}

// withDefaults returns o with unset fields filled.
func (o Options) withDefaults() Options {
	if o.Client.ID == "" {
		o.Client.ID = ClientIDGatewayClient
	}
	if o.Client.Mode == "" {
		o.Client.Mode = ClientModeBackend
	}
	if o.Client.Version == "" {
		o.Client.Version = moduleVersion()
	}
	if o.Client.Platform == "" {
		o.Client.Platform = defaultPlatform()
	}
	if o.Role == "" {
		o.Role = RoleOperator
	}
	if o.ChallengeTimeout <= 0 {
		o.ChallengeTimeout = DefaultChallengeTimeout
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.MaxMessageBytes <= 0 {
		o.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// moduleVersion returns the main module's version from the build
// information, or "dev" for development builds.
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	return "dev"
}

// defaultPlatform names the operating system as the reference clients do.
func defaultPlatform() string {
	if runtime.GOOS == "windows" {
		return "win32"
	}
	return runtime.GOOS
}
