package gateway

import (
	"fmt"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/schema"
)

// buildEngine compiles the protocol schema and wires the connection
// engine to the gateway's hooks.
func (g *Gateway) buildEngine() error {
	v, err := validate.New(schema.FS, &protocol.Manifest)
	if err != nil {
		return fmt.Errorf("compiling the protocol schema: %w", err)
	}
	table, feats := g.table()
	g.features = feats
	eff := g.cfg.Effective()
	g.engine, err = engine.New(engine.Config{
		Manifest:   &protocol.Manifest,
		Validator:  v,
		Table:      table,
		Handshaker: g,
		Admit:      g.admitter.Admit,
		BeforeCall: g.beforeCall,
		OnOpen:     g.onOpen,
		OnClose:    g.onClose,
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
	return err
}

var _ engine.Handshaker = (*Gateway)(nil)
