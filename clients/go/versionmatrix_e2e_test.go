package gatewire

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// The version matrix: every kind of client (operator, node, probe) with
// every protocol range (3..3, 3..4, 4..4, 4..5, 5..5) against a real
// gatewire gateway, which accepts protocols 3 and 4 on one port. Every
// frame the raw clients receive is validated by gatewaytest against the
// schema of the version they negotiated.

// matrixKind builds the connect params of one kind of client.
type matrixKind struct {
	name   string
	params func(g *gatewaytest.Gateway, c *gatewaytest.Client) *protocol.ConnectParams
	// calls are methods the kind may call once connected.
	calls []string
}

var matrixKinds = []matrixKind{
	{"operator", func(g *gatewaytest.Gateway, _ *gatewaytest.Client) *protocol.ConnectParams {
		return gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), ScopeRead)
	}, []string{protocol.MethodHealth, protocol.MethodSystemPresence, protocol.MethodStatus}},
	{"probe", func(g *gatewaytest.Gateway, _ *gatewaytest.Client) *protocol.ConnectParams {
		p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator))
		p.Client.ID, p.Client.Mode = protocol.ClientIdCli, protocol.ClientModeProbe
		return p
	}, nil},
	{"node", func(g *gatewaytest.Gateway, _ *gatewaytest.Client) *protocol.ConnectParams {
		p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleNode))
		p.Client.ID, p.Client.Mode = protocol.ClientIdNodeHost, protocol.ClientModeNode
		return p
	}, nil},
}

// matrixRanges are the offered ranges and the version gatewire must pick
// (0: refused with a protocol mismatch naming 4).
var matrixRanges = []struct{ min, max, want int }{
	{3, 3, 3}, {3, 4, 4}, {4, 4, 4}, {4, 5, 4}, {5, 5, 0},
}

func TestVersionMatrixAgainstGatewire(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	for _, k := range matrixKinds {
		for _, r := range matrixRanges {
			t.Run(fmt.Sprintf("%s %d..%d", k.name, r.min, r.max), func(t *testing.T) {
				c := gatewaytest.Dial(t, g.URL)
				defer c.CloseNow()
				p := k.params(g, c)
				p.MinProtocol, p.MaxProtocol = int64(r.min), int64(r.max)
				if k.name == "node" {
					c.Sign(p, gatewaytest.NewDevice(t))
				}
				res, hello := c.Connect(p)
				if r.want == 0 {
					checkMismatch(t, c, res)
					return
				}
				if hello == nil {
					t.Fatalf("connect refused: %s", res.Raw)
				}
				if hello.Protocol != int64(r.want) {
					t.Fatalf("hello-ok protocol = %d, want %d", hello.Protocol, r.want)
				}
				for _, m := range k.calls {
					if f := c.Call(m, map[string]any{}); !f.OK {
						t.Fatalf("%s at protocol %d: %s", m, r.want, f.Raw)
					}
				}
			})
		}
	}
}

// checkMismatch asserts the refusal of a range without 3 or 4: the
// protocol 4 details, then close 1002.
func checkMismatch(t *testing.T, c *gatewaytest.Client, res gatewaytest.Frame) {
	t.Helper()
	if res.OK || res.Error == nil || res.Error.Code != wire.CodeInvalidRequest || res.Error.Message != "protocol mismatch" {
		t.Fatalf("connect reply = %s, want INVALID_REQUEST protocol mismatch", res.Raw)
	}
	var d ErrorDetails
	raw, _ := json.Marshal(res.Error.Details)
	if err := json.Unmarshal(raw, &d); err != nil || d.ExpectedProtocol != 4 {
		t.Errorf("mismatch details = %s, want expectedProtocol 4", raw)
	}
	if code, _ := c.Closed(); code != wire.CloseProtocolError {
		t.Errorf("closed with %d, want 1002", code)
	}
}

// TestSDKNegotiatesProtocol4WithGatewire dials gatewire with the SDK's
// defaults as each kind of client: all run at protocol 4, a node's
// commands included.
func TestSDKNegotiatesProtocol4WithGatewire(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	d, _ := openDevice(t)
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"backend operator", Options{Scopes: []string{ScopeRead}}},
		{"cli with a device", Options{Client: ClientInfo{ID: ClientIDCLI, Mode: ClientModeCLI}, Device: d, Scopes: []string{ScopeRead}}},
		{"probe", Options{Client: ClientInfo{ID: ClientIDCLI, Mode: ClientModeProbe}, AllowFewerScopes: true}},
		{"node", Options{Client: ClientInfo{ID: ClientIDNodeHost, Mode: ClientModeNode}, Role: RoleNode, Device: d, Scopes: []string{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Auth = Auth{Token: g.Token}
			c := dialTest(t, g.URL, tc.opts)
			if c.Protocol() != 4 || c.Hello().Protocol != 4 {
				t.Fatalf("protocol = %d (hello %d), want 4", c.Protocol(), c.Hello().Protocol)
			}
			if len(tc.opts.Scopes) == 0 {
				return // a node, or a probe without scopes
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := c.API().Health(ctx, nil); err != nil {
				t.Fatalf("health at protocol 4: %v", err)
			}
		})
	}
}

// TestPresenceReachesBothVersionsInTheirShapes holds a protocol 3 and a
// protocol 4 operator on one gateway; a third client coming and going
// changes presence (the disconnect is broadcast), and both receive the
// same change, each in its own version's shape (gatewaytest validates
// each frame at its connection's version: no v4-only key reaches the v3
// client).
func TestPresenceReachesBothVersionsInTheirShapes(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	watchers := map[int]*gatewaytest.Client{}
	for _, v := range []int{3, 4} {
		c := gatewaytest.Dial(t, g.URL)
		t.Cleanup(c.CloseNow)
		p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), ScopeRead)
		p.MinProtocol, p.MaxProtocol = int64(v), int64(v)
		if hello := c.MustConnect(p); hello.Protocol != int64(v) {
			t.Fatalf("hello-ok protocol = %d, want %d", hello.Protocol, v)
		}
		watchers[v] = c
	}
	newcomer := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), ScopeRead)
	p.Client.InstanceID = ptr("matrix-newcomer")
	newcomer.MustConnect(p)
	newcomer.Close()

	entries := map[int]map[string]any{}
	for v, c := range watchers {
		entries[v] = presenceOf(t, c, "matrix-newcomer")
	}
	for key, val := range entries[3] {
		if fmt.Sprint(entries[4][key]) != fmt.Sprint(val) && key != "ts" {
			t.Errorf("%s: v3 %v, v4 %v", key, val, entries[4][key])
		}
	}
	if len(entries[4]) < len(entries[3]) {
		t.Errorf("the v4 entry %v has fewer keys than the v3 one %v", entries[4], entries[3])
	}
}

// presenceOf waits for a presence event listing instance and returns its
// entry as sent.
func presenceOf(t *testing.T, c *gatewaytest.Client, instance string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		f := c.NextEvent(protocol.EventPresence)
		var ev struct {
			Presence []map[string]any `json:"presence"`
		}
		if err := json.Unmarshal(f.Payload, &ev); err != nil {
			t.Fatalf("presence payload %s: %v", f.Payload, err)
		}
		for _, e := range ev.Presence {
			if e["instanceId"] == instance {
				return e
			}
		}
	}
	t.Fatalf("no presence event listed %s", instance)
	return nil
}

func ptr[T any](v T) *T { return &v }
