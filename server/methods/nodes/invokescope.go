package nodes

import (
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Protocol 4 makes node.invoke's scope depend on the command: commands
// that cross an admin-only host boundary on the node (the browser proxy,
// directory listing, terminal upload) need operator.admin, every other
// operator.write (which the manifest asks of every caller). Its private
// worker-supervisor controls are never invoked by an operator.

// scopeAdmin is the operator scope admin-only commands need.
const scopeAdmin = string(protocol.OperatorScopeAdmin)

// refuseForCaller applies protocol 4's per-command rules to a caller:
// private controls are refused, admin-only commands need operator.admin.
// Protocol 3 callers are judged by the method's scope alone.
func refuseForCaller(call *rpc.Call, command string) error {
	if call.Peer.Protocol < surfaceGated {
		return nil
	}
	if protocol.PrivateNodeCommand(strings.TrimSpace(command)).Valid() {
		return wire.InvalidRequest("node.invoke does not allow private node controls").
			WithDetails(map[string]any{"command": command})
	}
	if protocol.AdminOnlyNodeCommand(command).Valid() &&
		!call.Scopes.Satisfies(call.Peer.Role, call.Peer.Scopes, scopeAdmin) {
		return protocol.Manifest.Protocols.MissingScope(call.Peer.Protocol, scopeAdmin, scopeAdmin)
	}
	return nil
}
