package pairing

import (
	"maps"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/store"
)

// optString returns nil for "" (an absent optional field).
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optInt returns nil for 0 (an unset time).
func optInt(v int64) *int64 {
	if v == 0 {
		return nil
	}
	return &v
}

// nonNil returns v, or an empty list for nil.
func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// pendingDeviceView is a pending request on the wire (the
// device.pair.requested payload and a device.pair.list row).
func pendingDeviceView(p *store.PendingDevice) protocol.PendingDeviceRequest {
	silent, repair := p.Silent, p.IsRepair
	in := &p.Info
	return protocol.PendingDeviceRequest{
		RequestID: p.RequestID, DeviceID: p.SubjectID, PublicKey: in.PublicKey,
		DisplayName: optString(in.DisplayName), Platform: optString(in.Platform),
		DeviceFamily: optString(in.DeviceFamily), ClientID: optString(in.ClientID), ClientMode: optString(in.ClientMode),
		Role: optString(in.Role), Roles: in.Roles, Scopes: nonNil(in.Scopes), RemoteIP: optString(in.RemoteIP),
		Silent: &silent, IsRepair: &repair, Ts: p.TS,
	}
}

// resolvedDevice is the device.pair.resolved payload.
func resolvedDevice(requestID, deviceID string, decision protocol.DevicePairResolvedEventDecision, ts int64) protocol.DevicePairResolvedEvent {
	return protocol.DevicePairResolvedEvent{RequestID: requestID, DeviceID: deviceID, Decision: decision, Ts: ts}
}

// pairedDeviceView is a paired device as operators see it: token secrets
// replaced by summaries sorted by role.
func pairedDeviceView(d *store.Device) protocol.PairedDevice {
	v := protocol.PairedDevice{
		DeviceID: d.DeviceID, PublicKey: d.PublicKey, DisplayName: optString(d.DisplayName),
		Platform: optString(d.Platform), DeviceFamily: optString(d.DeviceFamily), ClientID: optString(d.ClientID),
		ClientMode: optString(d.ClientMode), Role: optString(d.Role), Roles: nonNil(approvedRoles(d)),
		Scopes: nonNil(d.Scopes), RemoteIP: optString(d.RemoteIP), CreatedAtMs: d.CreatedAtMs,
		ApprovedAtMs: d.ApprovedAtMs, LastSeenAtMs: optInt(d.LastSeenAtMs), LastSeenReason: optString(d.LastSeenReason),
	}
	for _, role := range slices.Sorted(maps.Keys(d.Tokens)) {
		t := d.Tokens[role]
		v.Tokens = append(v.Tokens, protocol.DeviceTokenSummary{Role: role, Scopes: nonNil(t.Scopes),
			CreatedAtMs: t.CreatedAtMs, RotatedAtMs: optInt(t.RotatedAtMs), RevokedAtMs: optInt(t.RevokedAtMs),
			LastUsedAtMs: optInt(t.LastUsedAtMs)})
	}
	return v
}

// pendingNodeView is a pending node request on the wire (the
// node.pair.requested payload; node.pair.list rows add the scopes an
// approval needs).
func pendingNodeView(p *store.PendingNode) protocol.PendingNodeRequest {
	silent := p.Silent
	in := &p.Info
	return protocol.PendingNodeRequest{
		RequestID: p.RequestID, NodeID: p.SubjectID, DisplayName: optString(in.DisplayName),
		Platform: optString(in.Platform), Version: optString(in.Version), CoreVersion: optString(in.CoreVersion),
		UIVersion: optString(in.UIVersion), DeviceFamily: optString(in.DeviceFamily),
		ModelIdentifier: optString(in.ModelIdentifier), Caps: in.Caps, Commands: in.Commands,
		Permissions: in.Permissions, RemoteIP: optString(in.RemoteIP), Silent: &silent, Ts: p.TS,
	}
}

// pairedNodeView is an approved node, token included (node.pair.* are
// operator.pairing methods; the token and the last-seen fields each exist
// in one protocol version, and the wire shape keeps the connection's).
func pairedNodeView(n *store.Node) protocol.PairedNode {
	return protocol.PairedNode{
		NodeID: n.NodeID, Token: optString(n.Token), DisplayName: optString(n.DisplayName), Platform: optString(n.Platform),
		Version: optString(n.Version), CoreVersion: optString(n.CoreVersion), UIVersion: optString(n.UIVersion),
		DeviceFamily: optString(n.DeviceFamily), ModelIdentifier: optString(n.ModelIdentifier), Caps: n.Caps,
		Commands: n.Commands, Permissions: n.Permissions, RemoteIP: optString(n.RemoteIP),
		CreatedAtMs: n.CreatedAtMs, ApprovedAtMs: n.ApprovedAtMs, LastConnectedAtMs: optInt(n.LastConnectedAtMs),
		LastSeenAtMs: optInt(n.LastSeenAtMs), LastSeenReason: optString(n.LastSeenReason),
	}
}

// resolvedNode is the node.pair.resolved payload.
func resolvedNode(requestID, nodeID string, decision protocol.NodePairResolvedEventDecision, ts int64) protocol.NodePairResolvedEvent {
	return protocol.NodePairResolvedEvent{RequestID: requestID, NodeID: nodeID, Decision: decision, Ts: ts}
}
