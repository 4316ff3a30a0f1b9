package gateway_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestEachConnectionSpeaksItsNegotiatedVersion connects a v3 and a v4
// client to one gateway: each gets its own version in hello-ok and the
// methods that exist at it, and every frame each receives validates
// against that version's view of the schema (gatewaytest checks).
func TestEachConnectionSpeaksItsNegotiatedVersion(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	for _, c := range []struct {
		min, max, want int
	}{{3, 3, 3}, {4, 4, 4}, {3, 4, 4}, {4, 5, 4}, {1, 3, 3}} {
		p := gatewaytest.ConnectParams(g.Token, "operator", admin)
		p.MinProtocol, p.MaxProtocol = int64(c.min), int64(c.max)
		hello := gatewaytest.Dial(t, g.URL).MustConnect(p)
		if int(hello.Protocol) != c.want {
			t.Errorf("range %d..%d negotiated %d, want %d", c.min, c.max, hello.Protocol, c.want)
		}
		want := protocol.Manifest.At(c.want)
		for _, m := range hello.Features.Methods {
			if _, ok := want.Method(m); !ok {
				t.Errorf("protocol %d advertises %s, which does not exist at it", c.want, m)
			}
		}
	}
	v3 := gatewaytest.Dial(t, g.URL).MustConnect(gatewaytest.ConnectParamsAt(3, g.Token, "operator", admin))
	v4 := gatewaytest.Dial(t, g.URL).MustConnect(gatewaytest.ConnectParamsAt(4, g.Token, "operator", admin))
	if onlyV3 := "node.canvas.capability.refresh"; !slices.Contains(v3.Features.Methods, onlyV3) || slices.Contains(v4.Features.Methods, onlyV3) {
		t.Errorf("%s (until 3) is listed at v3 %v / at v4 %v", onlyV3, slices.Contains(v3.Features.Methods, onlyV3), slices.Contains(v4.Features.Methods, onlyV3))
	}
}

// TestRangesThatDoNotMeetAreRefused offers versions the gateway does not
// speak: the refusal names the version it does.
func TestRangesThatDoNotMeetAreRefused(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	for _, r := range [][2]int64{{5, 5}, {1, 2}} {
		p := gatewaytest.ConnectParams(g.Token, "operator", admin)
		p.MinProtocol, p.MaxProtocol = r[0], r[1]
		res, hello := gatewaytest.Dial(t, g.URL).Connect(p)
		if hello != nil || res.Error == nil || res.Error.Message != "protocol mismatch" {
			t.Fatalf("range %v: %s", r, res.Raw)
		}
	}
}

// TestAuthorizationFailuresTakeTheVersionsShape calls a method without
// its scope: v3 answers INVALID_REQUEST with no details, v4 FORBIDDEN
// with MISSING_SCOPE details.
func TestAuthorizationFailuresTakeTheVersionsShape(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	for _, v := range []int{3, 4} {
		c := gatewaytest.Dial(t, g.URL)
		c.MustConnect(gatewaytest.ConnectParamsAt(v, g.Token, "operator", "operator.read"))
		res := c.Call("config.set", map[string]any{"raw": "{}"})
		if res.OK || res.Error.Message != "missing scope: operator.admin" {
			t.Fatalf("v%d: %s", v, res.Raw)
		}
		code, details := res.Error.Code, res.Error.Details
		switch v {
		case 3:
			if code != "INVALID_REQUEST" || details != nil {
				t.Errorf("v3: %s", res.Raw)
			}
		case 4:
			var d rpc.MissingScopeDetails
			raw, _ := json.Marshal(details)
			if err := json.Unmarshal(raw, &d); err != nil || code != "FORBIDDEN" || d.Code != "MISSING_SCOPE" ||
				d.MissingScope != "operator.admin" || !slices.Equal(d.RequiredScopes, []string{"operator.admin"}) {
				t.Errorf("v4: %s", res.Raw)
			}
		}
	}
}

// TestNullParamsAreAnEmptyObject sends "params": null, as v4 clients do
// for methods without params.
func TestNullParamsAreAnEmptyObject(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(gatewaytest.ConnectParamsAt(4, g.Token, "operator", "operator.read"))
	if res := c.Call("system-presence", json.RawMessage("null")); !res.OK {
		t.Fatalf("params null: %s", res.Raw)
	}
}
