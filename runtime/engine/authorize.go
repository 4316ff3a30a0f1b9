package engine

import (
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// authorize applies the manifest's method authorization to one call
// (rpc.Manifest.Authorize, the one judgment every entry path uses).
func (s *Server) authorize(p *Peer, spec rpc.MethodSpec, known bool) (err *wire.Error, roleDenied bool) {
	return s.cfg.Manifest.Authorize(p, spec, known)
}
