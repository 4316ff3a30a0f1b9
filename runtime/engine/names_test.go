package engine

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// TestEngineNamesAreTheGeneratedOnes proves the names the engine keeps
// (it cannot import the generated package) equal the generated ones.
func TestEngineNamesAreTheGeneratedOnes(t *testing.T) {
	for _, c := range []struct{ engine, generated string }{
		{methodConnect, protocol.MethodConnect},
		{eventConnectChallenge, protocol.EventConnectChallenge},
		{eventTick, protocol.EventTick},
		{eventShutdown, protocol.EventShutdown},
		{failClosedScope, string(protocol.OperatorScopeAdmin)},
		{rpc.ClientModeNode, string(protocol.ClientModeNode)},
		{rpc.ClientModeProbe, string(protocol.ClientModeProbe)},
	} {
		if c.engine != c.generated {
			t.Errorf("engine has %q, the manifest %q", c.engine, c.generated)
		}
	}
	for _, name := range []string{eventConnectChallenge, eventTick, eventShutdown} {
		if _, ok := protocol.Manifest.Event(name); !ok {
			t.Errorf("the manifest has no event %q", name)
		}
	}
}
