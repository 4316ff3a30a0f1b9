package nodes

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// execApprovalsCommands are the node's approvals-policy commands, which
// node.invoke refuses by name: exec.approvals.node.* is their way in.
var execApprovalsCommands = []string{string(protocol.NodeCommandSystemExecApprovalsGet), string(protocol.NodeCommandSystemExecApprovalsSet)}

// refuseByName refuses, before the node is looked up, what node.invoke
// never relays: the approvals-policy commands (an operator.admin method
// is their way in) and browser.proxy calls that change persistent
// browser profiles.
func refuseByName(command string, params json.RawMessage) error {
	if slices.Contains(execApprovalsCommands, command) {
		return wire.InvalidRequest("node.invoke does not allow system.execApprovals.*; use exec.approvals.node.*").
			WithDetails(map[string]any{"command": command})
	}
	if command == browserProxyCommand && browserProfileMutation(params) {
		return wire.InvalidRequest("node.invoke cannot mutate persistent browser profiles via browser.proxy").
			WithDetails(map[string]any{"command": command})
	}
	return nil
}

// notAllowed builds the "node command not allowed" refusal.
func notAllowed(message, reason, command string) error {
	return wire.InvalidRequest("node command not allowed: %s", message).
		WithDetails(map[string]any{"reason": reason, "command": command})
}

// checkCommand applies the command policy to a live node, in v3's order:
// the platform allowlist (defaults with gateway.nodes.commands.allow and
// deny applied), then the node's declaration. A protocol 4 node's
// declaration counts only once an operator approved it.
func (s *Service) checkCommand(ctx context.Context, l Live, command string) error {
	id := l.Peer.Identity
	platform := cmp.Or(id.Platform, "unknown")
	if !s.deps.Allowlisted(id.Platform, id.DeviceFamily, command) {
		return notAllowed(quote(command)+" is not in the allowlist for platform "+quote(platform),
			"command not allowlisted", command)
	}
	declared := l.Session.Commands
	if l.Peer.Protocol >= surfaceGated {
		approval, err := s.approval(ctx, id.DeviceID)
		if err != nil {
			return err
		}
		if !approval.Approved && slices.Contains(declared, command) {
			return notAllowed("the node's command surface is awaiting operator approval (openclaw nodes approve "+
				approval.PendingRequestID+")", "command surface awaiting approval", command)
		}
		declared = effectiveCommands(l, &approval)
	}
	if len(declared) == 0 {
		return notAllowed("the node did not declare any supported commands", "node did not declare commands", command)
	}
	if !slices.Contains(declared, command) {
		return notAllowed("the node (platform: "+platform+") does not support "+quote(command),
			"command not declared by node", command)
	}
	return nil
}

// quote wraps s in double quotes, as v3's messages do.
func quote(s string) string { return `"` + s + `"` }
