package gatewire

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
)

// testManifest is the small protocol the in-test gateway serves. Connect
// params are checked against the real ConnectParams schema.
var testManifest = rpc.Manifest{
	Protocol: 3,
	Policy: rpc.Policy{
		MaxPayload: 1 << 20, MaxBufferedBytes: 1 << 20, TickIntervalMs: 3_600_000,
		PreauthMaxPayload: 65536, HandshakeTimeoutMs: 10_000, MaxPreauthSocketsPerIP: 64,
		DedupeTTLMs: 60_000, DedupeMax: 10,
	},
	Roles:  []rpc.Role{rpc.RoleOperator, rpc.RoleNode},
	Scopes: protocol.Manifest.Scopes,
	Methods: []rpc.MethodSpec{
		{Name: "connect", Params: "handshake.json#/$defs/ConnectParams", Role: rpc.RoleOperator, Scope: ScopeAdmin},
		{Name: "health", Role: rpc.RoleAny, Scope: ScopeRead},
		{Name: "echo", Role: rpc.RoleOperator, Scope: ScopeRead},
		{Name: "fail", Role: rpc.RoleOperator, Scope: ScopeRead},
		{Name: "hang", Role: rpc.RoleOperator, Scope: ScopeRead},
		{Name: "two.phase", Role: rpc.RoleOperator, Scope: ScopeWrite, TwoPhase: true},
		{Name: "broadcast", Role: rpc.RoleOperator, Scope: ScopeRead},
	},
	Events: []rpc.EventSpec{
		{Name: "tick", Routes: []rpc.RouteSpec{{Target: rpc.TargetBroadcast, Role: rpc.RoleAny, SeqFrom: 3}}},
		{Name: "shutdown", Routes: []rpc.RouteSpec{{Target: rpc.TargetBroadcast, Role: rpc.RoleAny, SeqFrom: 3}}},
		{Name: "connect.challenge", Routes: []rpc.RouteSpec{{Target: rpc.TargetConnection, Role: rpc.RoleAny}}},
		{Name: "presence", Routes: []rpc.RouteSpec{{Target: rpc.TargetBroadcast, Role: rpc.RoleAny, SeqFrom: 3}}},
		{Name: "pairing.only", Routes: []rpc.RouteSpec{{Target: rpc.TargetBroadcast, Role: rpc.RoleOperator, Scope: ScopePairing, SeqFrom: 3}}},
	},
}

var (
	schemaOnce      sync.Once
	schemaValidator *validate.Validator
	schemaErr       error
)

// frameValidator checks request frames and connect params against the
// real schema, and only the object shape of the test methods' params.
type frameValidator struct{ v *validate.Validator }

func (f frameValidator) Request(_ int, frame []byte) (*wire.Request, error) {
	return f.v.Request(frame)
}

func (f frameValidator) Params(_ int, method string, params json.RawMessage) error {
	if method == "connect" {
		return f.v.Params(method, params)
	}
	if len(params) > 0 && !strings.HasPrefix(strings.TrimSpace(string(params)), "{") {
		return wire.InvalidRequest("invalid %s params: at root: must be object", method)
	}
	return nil
}

func newFrameValidator(t testing.TB) frameValidator {
	t.Helper()
	schemaOnce.Do(func() {
		m := rpc.Manifest{Methods: testManifest.Methods[:1]}
		schemaValidator, schemaErr = validate.New(schema.FS, &m)
	})
	if schemaErr != nil {
		t.Fatalf("compiling the schema: %v", schemaErr)
	}
	return frameValidator{schemaValidator}
}

// connectParams is connect's params as the test gateway decodes them
// from the wire, independently of the generated types.
type connectParams struct {
	MinProtocol int             `json:"minProtocol"`
	MaxProtocol int             `json:"maxProtocol"`
	Client      wireClient      `json:"client"`
	Caps        []string        `json:"caps"`
	Commands    []string        `json:"commands"`
	Permissions map[string]bool `json:"permissions"`
	Role        string          `json:"role"`
	Scopes      []string        `json:"scopes"`
	Device      *wireDevice     `json:"device"`
	Auth        *wireAuth       `json:"auth"`
}

type wireClient struct {
	ID           string `json:"id"`
	Version      string `json:"version"`
	Platform     string `json:"platform"`
	DeviceFamily string `json:"deviceFamily"`
	Mode         string `json:"mode"`
}

type wireDevice struct {
	ID        string `json:"id"`
	PublicKey string `json:"publicKey"`
	Signature string `json:"signature"`
	SignedAt  int64  `json:"signedAt"`
	Nonce     string `json:"nonce"`
}

type wireAuth struct {
	Token          string `json:"token"`
	BootstrapToken string `json:"bootstrapToken"`
	DeviceToken    string `json:"deviceToken"`
	Password       string `json:"password"`
}
