package rpc

import (
	"slices"
	"testing"
)

// versioned is a manifest with two accepted versions, a method that ends
// at 3, one that starts at 4, one whose scope and result change at 4,
// and an event that starts at 4 with a payload override.
func versioned() *Manifest {
	return &Manifest{
		Protocol: 4,
		Roles:    []Role{RoleOperator, RoleNode},
		Protocols: Protocols{Current: 4, Accepted: []int{3, 4}, NodeMin: 3, ProbeMin: 3,
			AuthorizationError: map[int]string{3: "INVALID_REQUEST", 4: "FORBIDDEN"}},
		Methods: []MethodSpec{
			{Name: "old", Until: 3, Role: RoleOperator},
			{Name: "new", Since: 4, Role: RoleOperator},
			{Name: "both", Scope: "operator.admin", Result: "a.json#/$defs/R", Role: RoleOperator,
				Versions: map[int]MethodVersion{4: {Scope: "operator.read", ScopeSet: true, Result: "a.json#/$defs/R4"}}},
		},
		Events: []EventSpec{{Name: "e", Since: 4, Payload: "a.json#/$defs/E", Versions: map[int]EventVersion{4: {Payload: "a.json#/$defs/E4"}}}},
	}
}

func TestManifestViewsApplyRangesAndOverrides(t *testing.T) {
	m := versioned()
	v3, v4 := m.At(3), m.At(4)
	if v3.Protocol != 3 || v4.Protocol != 4 || m.At(5) != nil {
		t.Fatalf("views: %d %d %v", v3.Protocol, v4.Protocol, m.At(5))
	}
	names := func(x *Manifest) (out []string) {
		for _, s := range x.Methods {
			out = append(out, s.Name)
		}
		return out
	}
	if got := names(v3); !slices.Equal(got, []string{"old", "both"}) {
		t.Errorf("v3 methods = %v", got)
	}
	if got := names(v4); !slices.Equal(got, []string{"new", "both"}) {
		t.Errorf("v4 methods = %v", got)
	}
	b3, _ := v3.Method("both")
	b4, _ := v4.Method("both")
	if b3.Scope != "operator.admin" || b3.Result != "a.json#/$defs/R" || b4.Scope != "operator.read" || b4.Result != "a.json#/$defs/R4" {
		t.Errorf("overrides: v3 %+v, v4 %+v", b3, b4)
	}
	if _, ok := v3.Event("e"); ok {
		t.Error("an event since 4 exists at 3")
	}
	if e, ok := v4.Event("e"); !ok || e.Payload != "a.json#/$defs/E4" {
		t.Errorf("v4 event: %+v", e)
	}
	if v4.At(3) != v3 {
		t.Error("At of a view is not At of the whole manifest")
	}
}

func TestNegotiatePicksTheHighestSharedVersion(t *testing.T) {
	p := &Protocols{Current: 4, Accepted: []int{3, 4}, NodeMin: 3, ProbeMin: 3}
	for _, c := range []struct {
		min, max   int
		role       Role
		mode       string
		want       int
		wantAccept bool
	}{
		{3, 3, RoleOperator, "cli", 3, true},
		{4, 4, RoleOperator, "cli", 4, true},
		{3, 4, RoleOperator, "cli", 4, true},
		{3, 9, RoleNode, ClientModeNode, 4, true},
		{5, 6, RoleOperator, "cli", 0, false},
		{1, 2, RoleOperator, ClientModeProbe, 0, false},
	} {
		v, ok := p.Negotiate(c.min, c.max, c.role, c.mode)
		if v != c.want || ok != c.wantAccept {
			t.Errorf("%d..%d %s/%s: %d %v, want %d %v", c.min, c.max, c.role, c.mode, v, ok, c.want, c.wantAccept)
		}
	}
	// Floors: with operators from 4 only, nodes and probes still reach 3.
	floors := &Protocols{Current: 4, Accepted: []int{2, 3, 4}, NodeMin: 3, ProbeMin: 2}
	if v, ok := floors.Negotiate(3, 3, RoleNode, ClientModeNode); !ok || v != 3 {
		t.Errorf("node 3..3: %d %v", v, ok)
	}
	if _, ok := floors.Negotiate(2, 2, RoleNode, ClientModeNode); ok {
		t.Error("a node below NodeMin was admitted")
	}
	if v, ok := floors.Negotiate(2, 2, RoleOperator, ClientModeProbe); !ok || v != 2 {
		t.Errorf("probe 2..2: %d %v", v, ok)
	}
}

func TestMissingScopeTakesTheCallersVersion(t *testing.T) {
	m := versioned()
	spec, _ := m.At(3).Method("both")
	for v, wantCode := range map[int]string{3: "INVALID_REQUEST", 4: "FORBIDDEN"} {
		e, _ := m.Authorize(&Peer{Role: RoleOperator, Protocol: v}, spec, true)
		if e == nil || e.Code != wantCode || e.Message != "missing scope: operator.admin" {
			t.Fatalf("v%d: %+v", v, e)
		}
		d, hasDetails := e.Details.(MissingScopeDetails)
		if hasDetails != (v == 4) || hasDetails && (d.Code != "MISSING_SCOPE" || d.MissingScope != "operator.admin") {
			t.Errorf("v%d details: %#v", v, e.Details)
		}
	}
}

// shapeOf is a Versioned value for Shape.
type shapeOf struct{ v int }

func (s *shapeOf) ForProtocol(v int) any { return &shapeOf{v: v} }

func TestShapeAsksVersionedValuesOnly(t *testing.T) {
	if got := Shape(&shapeOf{}, 3).(*shapeOf); got.v != 3 {
		t.Errorf("Shape = %+v", got)
	}
	plain := map[string]int{"a": 1}
	if got := Shape(plain, 3); got.(map[string]int)["a"] != 1 {
		t.Errorf("Shape of a plain value = %v", got)
	}
}
