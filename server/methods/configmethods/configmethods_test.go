package configmethods

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/config"
)

func TestWriteErrorsMapToProtocolErrors(t *testing.T) {
	invalid := &config.Error{Path: "/x", Issues: []config.Issue{{Key: "gateway.port", Line: 2, Message: "must be integer, not string"}}}
	cases := []struct {
		err  error
		code string
		msg  string
	}{
		{config.ErrBaseHashRequired, "INVALID_REQUEST", "config base hash required; re-run config.get and retry"},
		{config.ErrBaseHashMismatch, "INVALID_REQUEST", "config changed since last load; re-run config.get and retry"},
		{fmt.Errorf("%w: %w", config.ErrInvalid, invalid), "INVALID_REQUEST", "invalid config: line 2: gateway.port: must be integer, not string"},
		{fmt.Errorf("%w: refusing to listen", config.ErrInvalid), "INVALID_REQUEST", "invalid config: refusing to listen"},
		{errors.New("disk full"), "UNAVAILABLE", "disk full"},
	}
	for _, tc := range cases {
		e := writeError(tc.err)
		if e.Code != tc.code || e.Message != tc.msg {
			t.Errorf("writeError(%v) = %s %q", tc.err, e.Code, e.Message)
		}
	}
	if e := writeError(fmt.Errorf("%w: %w", config.ErrInvalid, invalid)); e.Details == nil {
		t.Error("invalid config error lacks its issues")
	}
}

func TestHandlersOverAManager(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatewire.json")
	f, _ := config.Load(path, false)
	m, err := config.NewManager(f, config.Overrides{Token: new(string)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := New(m, "1.2.3", func() time.Time { return time.Unix(0, 0) })
	snap, err := h.ConfigGet(context.Background(), testCall(), nil)
	if err != nil || snap.Exists || snap.Raw != nil || snap.Hash != config.HashRaw("") || len(snap.LegacyIssues) != 0 {
		t.Fatalf("snapshot = %+v %v", snap, err)
	}
	res, err := h.ConfigSet(context.Background(), testCall(), &protocol.ConfigSetParams{Raw: `{ heartbeat: { enabled: false } }`})
	if err != nil || !res.Ok || res.Path != path || res.Noop != nil {
		t.Fatalf("set = %+v %v", res, err)
	}
	schema, err := h.ConfigSchema(context.Background(), testCall(), nil)
	if err != nil || schema.Version != "1.2.3" || schema.GeneratedAt != "1970-01-01T00:00:00Z" || !strings.Contains(string(schema.Schema), "trustedProxies") {
		t.Fatalf("schema = %+v %v", schema, err)
	}
}

// testCall is a call from an operator admin outside a connection: work
// after the reply runs at once.
func testCall() *rpc.Call {
	return rpc.NewCall("test", "", &rpc.Peer{Role: rpc.RoleOperator, Scopes: []string{"operator.admin"}}, protocol.Manifest.Scopes, nil)
}
