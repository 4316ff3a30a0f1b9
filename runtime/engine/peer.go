package engine

import "github.com/gatewire/gatewire/runtime/rpc"

// Peer is who a connection acts as once its handshake succeeded: its
// role, granted scopes, capabilities, negotiated protocol and identity.
type Peer = rpc.Peer
