package gateway

import (
	"slices"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// TestFeaturesAreWhatWasRegisteredAndBound lists exactly the advertised
// methods of the registered domains and the events whose emitters were
// built, in manifest order; connect, registered but not advertised, is
// left out.
func TestFeaturesAreWhatWasRegisteredAndBound(t *testing.T) {
	r := rpc.NewRegistry(&protocol.Manifest)
	if err := protocol.RegisterHandshake(r, handshakeHandler{}); err != nil {
		t.Fatal(err)
	}
	if err := protocol.RegisterConfig(r, protocol.UnimplementedConfigHandler{}); err != nil {
		t.Fatal(err)
	}
	if err := protocol.RegisterConfig(r, protocol.UnimplementedConfigHandler{}); err == nil {
		t.Fatal("registering the config domain twice succeeded")
	}
	hub := engine.NewHub(&protocol.Manifest, nil)
	protocol.NewVoicewakeChangedEmitter(hub)
	protocol.NewTickEmitter(hub)
	for _, v := range []int{3, 4} {
		f := features(r, hub)[v]
		if want := []string{"config.get", "config.set", "config.patch", "config.apply", "config.schema"}; !slices.Equal(f.Methods, want) {
			t.Errorf("protocol %d: methods = %v, want %v", v, f.Methods, want)
		}
		if want := []string{"tick", "voicewake.changed"}; !slices.Equal(f.Events, want) {
			t.Errorf("protocol %d: events = %v, want %v", v, f.Events, want)
		}
	}
}
