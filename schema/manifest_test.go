package schema

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// manifestMethod and manifestEvent mirror the entries of manifest.json.
type manifestMethod struct {
	Name           string  `json:"name"`
	Summary        string  `json:"summary"`
	Domain         string  `json:"domain"`
	Params         string  `json:"params"`
	Result         string  `json:"result"`
	Role           string  `json:"role"`
	Scope          *string `json:"scope"`
	IdempotencyKey bool    `json:"idempotencyKey"`
	HandlerDedupes bool    `json:"handlerDedupes"`
	TwoPhase       bool    `json:"twoPhase"`
	Advertised     bool    `json:"advertised"`
	Since          *int    `json:"since"`
	Until          *int    `json:"until"`
	Versions       map[string]struct {
		Scope  *string `json:"scope"`
		Params string  `json:"params"`
		Result string  `json:"result"`
	} `json:"versions"`
}

type manifestEvent struct {
	Name         string          `json:"name"`
	Summary      string          `json:"summary"`
	Payload      string          `json:"payload"`
	StateVersion bool            `json:"stateVersion"`
	Routes       []manifestRoute `json:"routes"`
	Since        int             `json:"since"`
	Until        int             `json:"until"`
	Versions     map[string]struct {
		Payload string `json:"payload"`
	} `json:"versions"`
}

// manifestRoute mirrors one route of an event.
type manifestRoute struct {
	Target     string          `json:"target"`
	Role       string          `json:"role"`
	Scope      *string         `json:"scope"`
	Capability string          `json:"capability"`
	SeqFrom    *int            `json:"seqFrom"`
	DropIfSlow json.RawMessage `json:"dropIfSlow"`
	When       json.RawMessage `json:"when"`
	Since      int             `json:"since"`
	Until      int             `json:"until"`
}

// manifestScope mirrors one entry of the scope table.
type manifestScope struct {
	Name    string   `json:"name"`
	Role    string   `json:"role"`
	Implies []string `json:"implies"`
	Summary string   `json:"summary"`
}

// manifestProtocols mirrors the manifest's protocol versions.
type manifestProtocols struct {
	Current            int               `json:"current"`
	Accepted           []int             `json:"accepted"`
	NodeMin            int               `json:"nodeMin"`
	ProbeMin           int               `json:"probeMin"`
	AuthorizationError map[string]string `json:"authorizationError"`
}

type manifestDoc struct {
	Protocols  manifestProtocols `json:"protocols"`
	Policy     json.RawMessage   `json:"policy"`
	ErrorCodes string            `json:"errorCodes"`
	Frame      string            `json:"frame"`
	Roles      []struct {
		Name    string `json:"name"`
		Summary string `json:"summary"`
	} `json:"roles"`
	Scopes  []manifestScope  `json:"scopes"`
	Methods []manifestMethod `json:"methods"`
	Events  []manifestEvent  `json:"events"`
}

// wantMethods and wantEvents are the protocol v3 surface gatewire serves.
var wantMethods = []string{
	"connect",
	"health", "status", "system-presence", "system-event", "logs.tail", "gateway.identity.get",
	"models.list", "models.authStatus", "agents.list", "agent.identity.get", "agents.files.list", "agents.files.get", "channels.status", "skills.status", "last-heartbeat", "set-heartbeats", "wake",
	"device.pair.list", "device.pair.approve", "device.pair.reject", "device.pair.remove",
	"device.token.rotate", "device.token.revoke",
	"node.pair.request", "node.pair.list", "node.pair.approve", "node.pair.reject", "node.pair.remove",
	"node.pair.verify", "node.rename", "node.list", "node.describe", "node.invoke", "node.invoke.result",
	"node.event", "node.pending.drain", "node.pending.enqueue", "node.pending.pull", "node.pending.ack",
	"node.canvas.capability.refresh", "skills.bins",
	"node.runnerInventory.update", "node.skills.update", "node.pluginTools.update",
	"exec.approval.request", "exec.approval.resolve", "exec.approval.get", "exec.approval.list",
	"exec.approval.waitDecision",
	"exec.approvals.get",
	"exec.approvals.set",
	"exec.approvals.node.get",
	"exec.approvals.node.set",
	"commands.list",
	"agent", "agent.wait", "chat.send", "chat.history", "chat.abort", "chat.inject",
	"sessions.list", "sessions.subscribe", "sessions.unsubscribe", "sessions.patch", "sessions.reset",
	"sessions.delete", "sessions.compact", "sessions.usage", "usage.cost", "send",
	"config.get", "config.set", "config.patch", "config.apply", "config.schema",
}

var wantEvents = []string{
	"connect.challenge", "tick", "shutdown", "presence", "health", "heartbeat", "agent", "chat",
	"sessions.changed", "device.pair.requested", "device.pair.resolved", "node.pair.requested",
	"node.pair.resolved", "node.invoke.request", "exec.approval.requested", "exec.approval.resolved",
	"voicewake.changed", "update.available",
}

// nodeOnlyMethods may be called by node connections only (v3 NODE_ROLE_METHODS
// and v4's node-role additions among the methods gatewire serves).
var nodeOnlyMethods = []string{
	"node.invoke.result", "node.event", "node.pending.drain", "node.pending.pull", "node.pending.ack",
	"node.canvas.capability.refresh", "skills.bins",
	"node.runnerInventory.update", "node.skills.update", "node.pluginTools.update",
}

func readManifest(t *testing.T) manifestDoc {
	t.Helper()
	raw, err := FS.ReadFile(manifestFile)
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	var m manifestDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode manifest: %v", err)
	}
	return m
}

func TestManifestMatchesMetaSchema(t *testing.T) {
	c := newCompiler(t)
	meta, err := c.Compile(baseURL + manifestSchemaFile)
	if err != nil {
		t.Fatalf("compile %s: %v", manifestSchemaFile, err)
	}
	f, err := FS.Open(manifestFile)
	if err != nil {
		t.Fatalf("open manifest: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("parse manifest: %v", err)
	}
	if err := meta.Validate(doc); err != nil {
		t.Fatalf("manifest.json does not match %s: %v", manifestSchemaFile, err)
	}
}

func TestManifestLocationsResolve(t *testing.T) {
	c := newCompiler(t)
	m := readManifest(t)
	check := func(owner, location string) {
		if !strings.Contains(location, ".json#/$defs/") {
			t.Errorf("%s: %q is not a <file>.json#/$defs/<Name> location", owner, location)
			return
		}
		if _, err := c.Compile(baseURL + location); err != nil {
			t.Errorf("%s: %q does not resolve: %v", owner, location, err)
		}
	}
	check("errorCodes", m.ErrorCodes)
	check("frame", m.Frame)
	for _, x := range m.Methods {
		check(x.Name+" params", x.Params)
		check(x.Name+" result", x.Result)
	}
	for _, x := range m.Events {
		check(x.Name+" payload", x.Payload)
	}
}

func TestManifestListsExactlyTheProtocolSurface(t *testing.T) {
	m := readManifest(t)
	var methods, events []string
	for _, x := range m.Methods {
		methods = append(methods, x.Name)
	}
	for _, x := range m.Events {
		events = append(events, x.Name)
	}
	assertSameNames(t, "methods", methods, wantMethods)
	assertSameNames(t, "events", events, wantEvents)
	p := m.Protocols
	if p.Current != 4 || !slices.Equal(p.Accepted, []int{3, 4}) || p.NodeMin != 3 || p.ProbeMin != 3 {
		t.Errorf("protocols = %+v, want current 4, accepted [3 4], nodeMin and probeMin 3", p)
	}
	if p.AuthorizationError["3"] != "INVALID_REQUEST" || p.AuthorizationError["4"] != "FORBIDDEN" {
		t.Errorf("authorization errors = %v, want 3: INVALID_REQUEST (v3), 4: FORBIDDEN (v4)", p.AuthorizationError)
	}
}

// assertSameNames reports duplicates in got and any difference from want.
func assertSameNames(t *testing.T, what string, got, want []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range got {
		if seen[n] {
			t.Errorf("%s: %q listed twice", what, n)
		}
		seen[n] = true
	}
	wanted := map[string]bool{}
	for _, n := range want {
		wanted[n] = true
		if !seen[n] {
			t.Errorf("%s: %q missing", what, n)
		}
	}
	for n := range seen {
		if !wanted[n] {
			t.Errorf("%s: unexpected %q", what, n)
		}
	}
}

func TestIdempotencyKeyFlagMatchesParams(t *testing.T) {
	for _, x := range readManifest(t).Methods {
		requires := slices.Contains(requiredOf(t, x.Params), "idempotencyKey")
		if requires != x.IdempotencyKey {
			t.Errorf("%s: manifest idempotencyKey=%v but params %s require it: %v", x.Name, x.IdempotencyKey, x.Params, requires)
		}
		if x.HandlerDedupes && !x.IdempotencyKey {
			t.Errorf("%s: handlerDedupes without idempotencyKey", x.Name)
		}
	}
}

func TestTwoPhaseResultsAcceptTheAcceptedReply(t *testing.T) {
	c := newCompiler(t)
	for _, x := range readManifest(t).Methods {
		if !x.TwoPhase {
			continue
		}
		status, err := c.Compile(baseURL + x.Result + "/properties/status")
		if err != nil {
			t.Errorf("%s: two-phase result %s has no status property: %v", x.Name, x.Result, err)
			continue
		}
		if err := status.Validate("accepted"); err != nil {
			t.Errorf("%s: result status does not accept \"accepted\": %v", x.Name, err)
		}
	}
}

// TestParamsAreNamedAfterTheirMethod keeps generated handler signatures
// predictable: method "device.pair.list" takes DevicePairListParams.
func TestParamsAreNamedAfterTheirMethod(t *testing.T) {
	for _, x := range readManifest(t).Methods {
		if want := goName(x.Name) + "Params"; defName(x.Params) != want {
			t.Errorf("%s: params %s, want a definition named %s", x.Name, x.Params, want)
		}
	}
}

// unadvertised are the methods v3 serves but leaves out of hello-ok.
// v4 hides node.runnerInventory.update the same way.
var unadvertised = []string{"connect", "chat.inject", "sessions.usage", "node.runnerInventory.update"}

func TestMethodAuthorizationFollowsV3(t *testing.T) {
	nodeOnly := map[string]bool{}
	for _, n := range nodeOnlyMethods {
		nodeOnly[n] = true
	}
	for _, x := range readManifest(t).Methods {
		assertMethodRole(t, x, nodeOnly[x.Name])
		assertMethodScope(t, x)
		wantAdvertised := !slices.Contains(unadvertised, x.Name)
		if x.Advertised != wantAdvertised {
			t.Errorf("%s: advertised=%v, want %v", x.Name, x.Advertised, wantAdvertised)
		}
	}
}

func assertMethodRole(t *testing.T, x manifestMethod, nodeOnly bool) {
	t.Helper()
	switch {
	case x.Name == "health":
		if x.Role != "any" {
			t.Errorf("health: role %q, want any", x.Role)
		}
	case nodeOnly:
		if x.Role != "node" || x.Scope != nil {
			t.Errorf("%s: role %q scope %v, want node with scope null", x.Name, x.Role, deref(x.Scope))
		}
	default:
		if x.Role != "operator" || x.Scope == nil {
			t.Errorf("%s: role %q scope %v, want operator with a scope", x.Name, x.Role, deref(x.Scope))
		}
	}
}

// assertMethodScope checks the rules v3 applies beyond its explicit table:
// the reserved config. prefix needs operator.admin (config.get is read) and
// connect needs operator.admin.
func assertMethodScope(t *testing.T, x manifestMethod) {
	t.Helper()
	want := ""
	switch {
	case x.Name == "config.get":
		want = "operator.read"
	case strings.HasPrefix(x.Name, "config."), x.Name == "connect":
		want = "operator.admin"
	default:
		return
	}
	if deref(x.Scope) != want {
		t.Errorf("%s: scope %v, want %s", x.Name, deref(x.Scope), want)
	}
}

func TestSummariesAreOneLine(t *testing.T) {
	m := readManifest(t)
	for _, x := range m.Methods {
		assertSummary(t, x.Name, x.Summary)
	}
	for _, x := range m.Events {
		assertSummary(t, x.Name, x.Summary)
	}
}

func assertSummary(t *testing.T, name, summary string) {
	t.Helper()
	if summary == "" || strings.ContainsAny(summary, "\n\r") || !strings.HasSuffix(summary, ".") {
		t.Errorf("%s: summary %q must be one sentence on one line", name, summary)
	}
}

// requiredOf returns the required properties of the object definition at a
// manifest location.
func requiredOf(t *testing.T, location string) []string {
	t.Helper()
	file, def, ok := strings.Cut(location, "#/$defs/")
	if !ok {
		t.Fatalf("bad location %q", location)
	}
	node, _ := defsOf(readJSON(t, file))[def].(map[string]any)
	if node == nil {
		t.Fatalf("%s: no such definition", location)
	}
	return stringsOf(node["required"])
}

var nameParts = regexp.MustCompile(`[.-]`)

// goName turns a wire name into the type-name prefix the generator uses:
// "exec.approval.waitDecision" becomes "ExecApprovalWaitDecision".
func goName(wire string) string {
	var b strings.Builder
	for _, part := range nameParts.Split(wire, -1) {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}

// TestScopeTableMatchesOperatorScope keeps the manifest's scope table
// and the protocol's OperatorScope enum the same list, and the
// implications those of v3 (§4.3): admin satisfies every operator scope,
// write satisfies read, the rest only themselves.
func TestScopeTableMatchesOperatorScope(t *testing.T) {
	proto := defsOf(readJSON(t, "handshake.json"))["OperatorScope"].(map[string]any)
	var got []string
	for _, sc := range readManifest(t).Scopes {
		if sc.Role == "operator" {
			got = append(got, sc.Name)
		}
		want := []string{}
		switch sc.Name {
		case "operator.admin":
			want = []string{"operator.*"}
		case "operator.write":
			want = []string{"operator.read"}
		}
		if !slices.Equal(sc.Implies, want) {
			t.Errorf("%s implies %v, want %v", sc.Name, sc.Implies, want)
		}
	}
	if want := stringsOf(proto["enum"]); !slices.Equal(got, want) {
		t.Errorf("scope table = %v, handshake.json OperatorScope = %v", got, want)
	}
}

// v3Guards are the v3 broadcast guards (reference §10.3) of the events
// gatewire lists: the scope an operator needs and whether nodes get it.
// sessions.changed is not among them: v3 sends it only to the
// connections that called sessions.subscribe.
var v3Guards = map[string]struct {
	scope   string
	toNodes bool
}{
	"tick": {"", true}, "shutdown": {"", true}, "health": {"", true}, "heartbeat": {"", true}, "presence": {"", true},
	"update.available": {"", true}, "agent": {"operator.read", false}, "chat": {"operator.read", false},
	"voicewake.changed":       {"operator.read", true},
	"exec.approval.requested": {"operator.approvals", false}, "exec.approval.resolved": {"operator.approvals", false},
	"device.pair.requested": {"operator.pairing", false}, "device.pair.resolved": {"operator.pairing", false},
	"node.pair.requested": {"operator.pairing", false}, "node.pair.resolved": {"operator.pairing", false},
}

// TestBroadcastRoutesFollowV3 checks each event's v3 broadcast route (routes since 4 aside)
// against the reference's guard table, with seq; events without one are
// only ever targeted and never carry seq to a node.
func TestBroadcastRoutesFollowV3(t *testing.T) {
	for _, e := range readManifest(t).Events {
		guard, broadcast := v3Guards[e.Name]
		found := false
		for _, r := range e.Routes {
			if r.Target != "broadcast" {
				if r.Role == "node" && r.SeqFrom != nil {
					t.Errorf("%s: a %s route to nodes carries seq", e.Name, r.Target)
				}
				continue
			}
			if r.Since > 3 {
				continue // a v4 route (v4's guards differ, e.g. presence needs operator.read)
			}
			found = true
			if deref(r.Scope) != cmpOr(guard.scope, "<null>") || (r.Role == "any") != guard.toNodes || r.SeqFrom == nil || *r.SeqFrom > 3 {
				t.Errorf("%s: broadcast route %+v, want scope %q toNodes %v with seq", e.Name, r, guard.scope, guard.toNodes)
			}
		}
		if found != broadcast {
			t.Errorf("%s: broadcast route present = %v, want %v", e.Name, found, broadcast)
		}
	}
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
