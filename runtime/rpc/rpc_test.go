package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

// responder records what a call sent early and registered for later.
type responder struct {
	interim []any
	after   []func()
	fail    error
}

func (r *responder) Interim(p any) error {
	if r.fail != nil {
		return r.fail
	}
	r.interim = append(r.interim, p)
	return nil
}

func (r *responder) AfterReply(fn func()) { r.after = append(r.after, fn) }

func TestCallAcceptAndAfterReply(t *testing.T) {
	if err := NewCall("x", "", &Peer{}, nil, nil).Accept("x"); !errors.Is(err, ErrNoResponder) {
		t.Fatalf("Accept without a runtime = %v, want ErrNoResponder", err)
	}
	r := &responder{}
	call := NewCall("x", "c1", &Peer{}, nil, r)
	if err := call.Accept("accepted"); err != nil || !slices.Equal(r.interim, []any{"accepted"}) {
		t.Fatalf("Accept = %v, sent %v", err, r.interim)
	}
	ran := false
	call.AfterReply(func() { ran = true })
	if len(r.after) != 1 || ran {
		t.Fatalf("AfterReply queued %d, ran early %v", len(r.after), ran)
	}
	r.after[0]()
	if !ran {
		t.Fatal("the deferred work is not the function given")
	}
	refused := errors.New("connection gone")
	if err := NewCall("x", "", &Peer{}, nil, &responder{fail: refused}).Accept("a"); !errors.Is(err, refused) {
		t.Fatalf("Accept = %v, want the responder's error", err)
	}
}

func TestFailureWrapsItsError(t *testing.T) {
	inner := errors.New("agent failed")
	var err error = &Failure{Err: inner, Payload: map[string]string{"status": "error"}}
	if !errors.Is(err, inner) || err.Error() != "agent failed" {
		t.Fatalf("Failure = %v, does not wrap %v", err, inner)
	}
}

func TestDecodeParams(t *testing.T) {
	var p struct{ Probe *bool }
	if err := DecodeParams(nil, &p); err != nil || p.Probe != nil {
		t.Fatalf("absent params = %+v, %v", p, err)
	}
	if err := DecodeParams(json.RawMessage(`{"Probe":true}`), &p); err != nil || p.Probe == nil || !*p.Probe {
		t.Fatalf("params = %+v, %v", p, err)
	}
	if err := DecodeParams(json.RawMessage(`[1]`), &p); err == nil {
		t.Fatal("params of the wrong shape decoded")
	}
}

// testManifest is a small manifest of two domains.
var testManifest = Manifest{
	Roles: []Role{RoleOperator, RoleNode},
	Methods: []MethodSpec{
		{Name: "health", Domain: "system", Role: RoleAny, Advertised: true},
		{Name: "wake", Domain: "system", Scope: "operator.write", Advertised: true},
		{Name: "connect", Domain: "handshake"},
	},
	Events: []EventSpec{{Name: "tick", Routes: []RouteSpec{{Target: TargetBroadcast, Role: RoleAny}}}},
}

func TestManifestLookups(t *testing.T) {
	m := &testManifest
	if s, ok := m.Method("wake"); !ok || s.Scope != "operator.write" {
		t.Fatalf("Method(wake) = %+v, %v", s, ok)
	}
	if _, ok := m.Method("nope"); ok {
		t.Fatal("Method found an undeclared method")
	}
	if s, ok := m.Event("tick"); !ok || s.Routes[0].Role != RoleAny {
		t.Fatalf("Event(tick) = %+v, %v", s, ok)
	}
	if _, ok := m.Event("nope"); ok {
		t.Fatal("Event found an undeclared event")
	}
	if !m.ValidRole(RoleNode) || m.ValidRole(RoleAny) || m.ValidRole("worker") {
		t.Fatal("ValidRole does not follow the role list")
	}
}

// fastSystem is a system domain handler with a fast path.
type fastSystem struct{ fast map[string]HandlerFunc }

func (f fastSystem) FastPaths() map[string]HandlerFunc { return f.fast }

func ok(context.Context, *Call, json.RawMessage) (any, error) { return "typed", nil }

func TestRegisteringTwiceFails(t *testing.T) {
	r := NewRegistry(&testManifest)
	entries := []Entry{{"health", ok}, {"wake", ok}}
	if err := r.RegisterDomain("system", nil, entries); err != nil {
		t.Fatal(err)
	}
	if err := r.RegisterDomain("system", nil, entries); err == nil {
		t.Fatal("registering the system domain twice succeeded")
	}
	if err := r.Register("wake", ok); err == nil {
		t.Fatal("registering wake twice succeeded")
	}
	if err := r.Register("nope", ok); err == nil {
		t.Fatal("registering a method the manifest does not list succeeded")
	}
	if err := r.RegisterDomain("system", nil, []Entry{{"connect", ok}}); err == nil {
		t.Fatal("registering connect under the wrong domain succeeded")
	}
	if got := r.Methods(true); !slices.Equal(got, []string{"health", "wake"}) {
		t.Fatalf("Methods = %v", got)
	}
}

func TestFastPathsReplaceTypedHandlers(t *testing.T) {
	fast := func(context.Context, *Call, json.RawMessage) (any, error) { return "fast", nil }
	r := NewRegistry(&testManifest)
	if err := r.RegisterDomain("system", fastSystem{map[string]HandlerFunc{"health": fast}}, []Entry{{"health", ok}, {"wake", ok}}); err != nil {
		t.Fatal(err)
	}
	h, _ := r.Handler("health")
	if v, _ := h(context.Background(), nil, nil); v != "fast" {
		t.Fatalf("health served by %v, want the fast path", v)
	}
	bad := NewRegistry(&testManifest)
	if err := bad.RegisterDomain("system", fastSystem{map[string]HandlerFunc{"connect": fast}}, []Entry{{"health", ok}}); err == nil {
		t.Fatal("a fast path outside its domain was accepted")
	}
	if len(bad.Methods(false)) != 0 {
		t.Fatal("a failed registration registered methods")
	}
}

type partialSystem []string

func (p partialSystem) Serves() []string { return p }

func TestPartialHandlersRegisterOnlyWhatTheyServe(t *testing.T) {
	r := NewRegistry(&testManifest)
	if err := r.RegisterDomain("system", partialSystem{"wake"}, []Entry{{"health", ok}, {"wake", ok}}); err != nil {
		t.Fatal(err)
	}
	if got := r.Methods(false); !slices.Equal(got, []string{"wake"}) {
		t.Fatalf("registered %v, want only wake", got)
	}
	bad := NewRegistry(&testManifest)
	if err := bad.RegisterDomain("system", partialSystem{"wake", "connect"}, []Entry{{"health", ok}, {"wake", ok}}); err == nil {
		t.Fatal("a partial handler serving a method outside its domain was accepted")
	}
	if len(bad.Methods(false)) != 0 {
		t.Fatal("a failed registration registered methods")
	}
}
