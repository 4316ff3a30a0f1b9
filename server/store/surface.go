package store

import "encoding/json"

// NodeSurface is what a node offers the gateway: its commands, caps and
// permissions, and the client that declared them. A paired device holding
// the node role keeps two: the approved surface (the commands it may be
// invoked with) and a declared one waiting for an operator's approval.
// Protocol v3 has no wait (the approved surface is what the node's last
// connection may be invoked with); protocol v4 keeps a newly declared
// surface pending until node.pair.approve.
type NodeSurface struct {
	Caps            []string        `json:"caps"`
	Commands        []string        `json:"commands"`
	Permissions     map[string]bool `json:"permissions,omitempty"`
	Version         string          `json:"version,omitempty"`
	CoreVersion     string          `json:"coreVersion,omitempty"`
	UIVersion       string          `json:"uiVersion,omitempty"`
	ModelIdentifier string          `json:"modelIdentifier,omitempty"`
	PathEnv         string          `json:"pathEnv,omitempty"`
	// DeclaredAtMs is when a connection declared it.
	DeclaredAtMs int64 `json:"declaredAtMs,omitempty"`
	// ApprovedAtMs is when it was approved (0 while pending).
	ApprovedAtMs int64 `json:"approvedAtMs,omitempty"`
	// RequestID names the pairing request of a pending surface.
	RequestID string `json:"requestId,omitempty"`
}

// NodeSurfaces returns the approved and the pending node surface of a
// paired device (nil when it has none, or is not paired).
func (t *Tx) NodeSurfaces(deviceID string) (approved, pending *NodeSurface, err error) {
	type pair struct{ approved, pending *NodeSurface }
	scan := func(row rowScanner) (*pair, error) {
		var a, p string
		if err := row.Scan(&a, &p); err != nil {
			return nil, err
		}
		var out pair
		if err := decodeInto("paired_devices.node_surface", a, &out.approved); err != nil {
			return nil, err
		}
		return &out, decodeInto("paired_devices.pending_node_surface", p, &out.pending)
	}
	got, err := queryOne(t, "reading node surface of "+deviceID, scan,
		"SELECT node_surface, pending_node_surface FROM paired_devices WHERE device_id = ?", deviceID)
	if got == nil || err != nil {
		return nil, nil, err
	}
	return got.approved, got.pending, nil
}

// SetNodeSurfaces replaces the approved and pending node surface of a
// paired device (nil clears one); it reports whether the device exists.
func (t *Tx) SetNodeSurfaces(deviceID string, approved, pending *NodeSurface) (bool, error) {
	a, _ := json.Marshal(approved) // plain data always encodes
	p, _ := json.Marshal(pending)
	res, err := t.exec("writing node surface of "+deviceID,
		"UPDATE paired_devices SET node_surface = ?, pending_node_surface = ? WHERE device_id = ?",
		string(a), string(p), deviceID)
	if err != nil {
		return false, err
	}
	return affected(res), nil
}

// MarkSeen records when a paired device and a paired node record with
// id were last seen and why; each reports whether it exists.
func (t *Tx) MarkSeen(deviceID, nodeID string, atMs int64, reason string) (device, node bool, err error) {
	res, err := t.exec("marking device "+deviceID+" seen",
		"UPDATE paired_devices SET last_seen_at_ms = ?, last_seen_reason = ? WHERE device_id = ?", atMs, reason, deviceID)
	if err != nil {
		return false, false, err
	}
	device = affected(res)
	res, err = t.exec("marking node "+nodeID+" seen",
		"UPDATE paired_nodes SET last_seen_at_ms = ?, last_seen_reason = ? WHERE node_id = ?", atMs, reason, nodeID)
	if err != nil {
		return false, false, err
	}
	return device, affected(res), nil
}
