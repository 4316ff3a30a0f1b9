package gateway

import (
	"fmt"
	"sync"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/schema"
)

// compiledProtocol is the protocol schema compiled once per process:
// the validators are immutable and safe for concurrent use, and compiling
// is most of the time a gateway takes to start, which an in-process
// restart (Serve) should not pay again.
var compiledProtocol = sync.OnceValues(func() (*validate.Versions, error) {
	return validate.NewVersions(schema.FS, &protocol.Manifest)
})

// buildEngine compiles the protocol schema, registers the methods and
// builds the connection engine over the hub every producer was built with.
func (g *Gateway) buildEngine() error {
	v, err := compiledProtocol()
	if err != nil {
		return fmt.Errorf("compiling the protocol schema: %w", err)
	}
	reg, err := g.register()
	if err != nil {
		return fmt.Errorf("registering the methods: %w", err)
	}
	eff := g.cfg.Effective()
	g.engine, err = engine.New(engine.Config{
		Manifest:   &protocol.Manifest,
		Validator:  v,
		Registry:   reg,
		Hub:        g.hub,
		Handshaker: g,
		Admit:      g.admitter.Admit,
		BeforeCall: g.beforeCall,
		OnOpen:     g.onOpen,
		OnClose:    g.onClose,
		Observer:   g.observer(),
		Policy: rpc.Policy{
			HandshakeTimeoutMs: int64(eff.Gateway.HandshakeTimeoutMs),
			TickIntervalMs:     int64(eff.Gateway.TickIntervalMs),
			// the engine counts pre-auth WebSockets per forwarded client
			// address under the same cap as g.sockets
			MaxPreauthSocketsPerIP: int64(g.setup.MaxPreauthSocketsPerIP),
		},
		Logger: g.log,
		Now:    g.now,
	})
	g.features = features(reg, g.hub)
	return err
}

var _ engine.Handshaker = (*Gateway)(nil)
