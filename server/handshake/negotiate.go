package handshake

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
)

// mismatchCode is details.code of a protocol mismatch.
const mismatchCode = "PROTOCOL_MISMATCH"

// protocolMismatch refuses a connect whose range holds no version the
// gateway admits for it (rpc.Protocols.Negotiate). The reply names the
// client's range, the current version and the lowest version a probe may
// offer; the v4 node host's fallback reads expectedProtocol. No version
// is negotiated yet, so every client gets the current version's details.
func protocolMismatch(p *protocol.ConnectParams) *engine.Refusal {
	vs := protocol.Manifest.Protocols
	e := wire.InvalidRequest("%s", wire.ReasonProtocolMismatch).WithDetails(protocol.ProtocolMismatchDetails{
		Code: mismatchCode, ClientMinProtocol: p.MinProtocol, ClientMaxProtocol: p.MaxProtocol,
		ExpectedProtocol: int64(vs.Current), MinimumProbeProtocol: int64(vs.ProbeMin),
	})
	return refuse(e, wire.CloseProtocolError)
}
