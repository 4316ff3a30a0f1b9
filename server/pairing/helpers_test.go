package pairing

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/store"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recorded is one event the recorder got, with its payload decoded to
// the generated payload type (a value, not a pointer).
type recorded struct {
	Name    string
	Payload any
}

// recorder is a Hub that records the events published to every
// connection (it has no connections, so an event addressed to one node's
// connections reaches nobody and is not recorded).
type recorder struct {
	mu     sync.Mutex
	events []recorded
}

func (r *recorder) Publish(d rpc.Delivery) int {
	if d.Route != nil && d.Route.Target != rpc.TargetBroadcast {
		return 0
	}
	raw := d.Payload
	if d.Shaped != nil { // a payload with a per-version shape: record the whole value
		var err error
		if raw, err = json.Marshal(d.Shaped); err != nil {
			panic(err)
		}
	}
	v, err := protocol.DecodeEventPayload(d.Event, raw)
	if err != nil {
		panic(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, recorded{Name: d.Event, Payload: reflect.ValueOf(v).Elem().Interface()})
	return 0
}

func (r *recorder) Bind(string) {}

func (r *recorder) Each(func(*engine.Conn) bool) {}

// take returns and forgets the recorded events.
func (r *recorder) take() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.events
	r.events = nil
	return out
}

func (r *recorder) names() []string {
	var out []string
	for _, ev := range r.take() {
		out = append(out, ev.Name)
	}
	return out
}

// fixture is a Service over a temporary store.
type fixture struct {
	t     *testing.T
	svc   *Service
	store *store.Store
	clock *fakeClock
	hub   *recorder
	ctx   context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := store.Open(context.Background(), store.PathIn(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &fakeClock{t: time.UnixMilli(1_763_712_000_000)}
	hub := &recorder{}
	svc, err := New(Config{Store: st, Settings: DefaultSettings(), Hub: hub, Now: clock.now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, svc: svc, store: st, clock: clock, hub: hub, ctx: context.Background()}
}

// device is a test device identity.
type device struct {
	priv ed25519.PrivateKey
	id   string
	pub  string
}

func newDevice(t *testing.T) *device {
	t.Helper()
	id, err := deviceauth.NewIdentity(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &device{priv: id.PrivateKey, id: id.DeviceID, pub: deviceauth.EncodePublicKey(id.PublicKey)}
}

func (d *device) verified() *VerifiedDevice {
	return &VerifiedDevice{ID: d.id, PublicKey: d.pub, PayloadVersion: "v3"}
}

// connect runs the pairing decision for d as a CLI client.
func (f *fixture) connect(d *device, role string, scopes []string, silent SilentInput) (*Admitted, *PairingRequired) {
	f.t.Helper()
	silent.Role = role
	in := ConnectInput{Device: d.verified(), Role: role, Scopes: scopes, ClientID: "cli", ClientMode: "cli",
		Platform: "linux", DisplayName: "test box", Silent: silent}
	if silent.Locality == LocalityRemote {
		in.RemoteIP = "203.0.113.5"
	}
	adm, req, err := f.svc.Connect(f.ctx, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return adm, req
}

var (
	local  = SilentInput{Locality: LocalityDirect}
	remote = SilentInput{Locality: LocalityRemote}
)

// pair pairs d (locally, silently) for role and scopes and returns the
// issued token.
func (f *fixture) pair(d *device, role string, scopes ...string) *store.DeviceToken {
	f.t.Helper()
	adm, req := f.connect(d, role, scopes, local)
	if req != nil || adm.Token == nil {
		f.t.Fatalf("pairing %s: refused %+v", role, req)
	}
	f.hub.take()
	return adm.Token
}

// admin is a caller authenticated by the shared secret with every scope.
var admin = Caller{Scopes: []string{scopeAdmin, ScopePairing}}
