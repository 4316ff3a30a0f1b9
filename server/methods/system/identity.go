package system

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// GatewayIdentityGet serves gateway.identity.get: the gateway's own
// persisted Ed25519 identity.
func (h *Handlers) GatewayIdentityGet(context.Context, *rpc.Call, *protocol.GatewayIdentityGetParams) (*protocol.GatewayIdentityGetResult, error) {
	return &protocol.GatewayIdentityGetResult{
		DeviceID:  deviceauth.DeviceID(h.d.IdentityKey),
		PublicKey: deviceauth.EncodePublicKey(h.d.IdentityKey),
	}, nil
}
