package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestAcceptNeedsADispatchedRequest(t *testing.T) {
	if err := Accept(context.Background(), "x"); !errors.Is(err, ErrNoInterim) {
		t.Fatalf("Accept outside a request = %v, want ErrNoInterim", err)
	}
	var sent []any
	ctx := WithInterim(context.Background(), func(p any) error { sent = append(sent, p); return nil })
	if err := Accept(ctx, "accepted"); err != nil || !slices.Equal(sent, []any{"accepted"}) {
		t.Fatalf("Accept = %v, sent %v", err, sent)
	}
	refused := errors.New("connection gone")
	ctx = WithInterim(context.Background(), func(any) error { return refused })
	if err := Accept(ctx, "accepted"); !errors.Is(err, refused) {
		t.Fatalf("Accept = %v, want the interim sender's error", err)
	}
}

func TestAfterReplyNeedsADispatchedRequest(t *testing.T) {
	if err := AfterReply(context.Background(), func() {}); !errors.Is(err, ErrNoDeferrer) {
		t.Fatalf("AfterReply outside a request = %v, want ErrNoDeferrer", err)
	}
	var queued []func()
	ctx := WithDeferrer(context.Background(), func(fn func()) { queued = append(queued, fn) })
	ran := false
	if err := AfterReply(ctx, func() { ran = true }); err != nil || len(queued) != 1 || ran {
		t.Fatalf("AfterReply = %v, queued %d, ran early %v", err, len(queued), ran)
	}
	queued[0]()
	if !ran {
		t.Fatal("the deferred work is not the function given")
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

func TestTableOnly(t *testing.T) {
	h := func(context.Context, json.RawMessage) (any, error) { return nil, nil }
	full := Table{"health": h, "status": h, "wake": h}
	only := full.Only("health", "wake", "missing")
	if len(only) != 2 || only["health"] == nil || only["wake"] == nil {
		t.Fatalf("Only = %v, want health and wake", only)
	}
}

func TestManifestLookups(t *testing.T) {
	m := &Manifest{
		Methods: []MethodSpec{{Name: "health", Role: RoleAny}, {Name: "wake", Scope: "operator.write"}},
		Events:  []EventSpec{{Name: "tick", ToNodes: true}},
	}
	if s, ok := m.Method("wake"); !ok || s.Scope != "operator.write" {
		t.Fatalf("Method(wake) = %+v, %v", s, ok)
	}
	if _, ok := m.Method("nope"); ok {
		t.Fatal("Method found an undeclared method")
	}
	if s, ok := m.Event("tick"); !ok || !s.ToNodes {
		t.Fatalf("Event(tick) = %+v, %v", s, ok)
	}
	if _, ok := m.Event("nope"); ok {
		t.Fatal("Event found an undeclared event")
	}
}
