package store

// NodeInfo is what a node says about itself when it asks to be paired.
type NodeInfo struct {
	DisplayName     string          `json:"displayName,omitempty"`
	Platform        string          `json:"platform,omitempty"`
	Version         string          `json:"version,omitempty"`
	CoreVersion     string          `json:"coreVersion,omitempty"`
	UIVersion       string          `json:"uiVersion,omitempty"`
	DeviceFamily    string          `json:"deviceFamily,omitempty"`
	ModelIdentifier string          `json:"modelIdentifier,omitempty"`
	Caps            []string        `json:"caps"`
	Commands        []string        `json:"commands"`
	Permissions     map[string]bool `json:"permissions"`
	RemoteIP        string          `json:"remoteIp,omitempty"`
}

// Node is an approved node with the token node.pair.verify checks.
type Node struct {
	NodeID string
	Token  string
	NodeInfo
	CreatedAtMs       int64
	ApprovedAtMs      int64
	LastConnectedAtMs int64 // 0 when it has not connected since approval
	LastSeenAtMs      int64 // 0 when no presence was recorded
	LastSeenReason    string
}

const nodeInfoColumns = `display_name, platform, version, core_version, ui_version, device_family,
	model_identifier, caps, commands, permissions, remote_ip`

// nodeInfoTargets returns scan targets for the NodeInfo columns; finish
// decodes the JSON ones once the row has been scanned.
func nodeInfoTargets(n *NodeInfo, table string) (targets []any, finish func() error) {
	var caps, commands, perms string
	targets = []any{&n.DisplayName, &n.Platform, &n.Version, &n.CoreVersion, &n.UIVersion, &n.DeviceFamily,
		&n.ModelIdentifier, &caps, &commands, &perms, &n.RemoteIP}
	finish = func() error {
		if err := decodeInto(table+".caps", caps, &n.Caps); err != nil {
			return err
		}
		if err := decodeInto(table+".commands", commands, &n.Commands); err != nil {
			return err
		}
		return decodeInto(table+".permissions", perms, &n.Permissions)
	}
	return targets, finish
}

// nodeInfoValues returns the NodeInfo column values in column order.
func nodeInfoValues(n *NodeInfo) []any {
	return []any{n.DisplayName, n.Platform, n.Version, n.CoreVersion, n.UIVersion, n.DeviceFamily,
		n.ModelIdentifier, list(n.Caps), list(n.Commands), flags(n.Permissions), n.RemoteIP}
}

const nodeColumns = "node_id, token, " + nodeInfoColumns +
	", created_at_ms, approved_at_ms, last_connected_at_ms, last_seen_at_ms, last_seen_reason"

// scanNode reads one paired_nodes row.
func scanNode(row rowScanner) (*Node, error) {
	var n Node
	info, finish := nodeInfoTargets(&n.NodeInfo, "paired_nodes")
	targets := append([]any{&n.NodeID, &n.Token}, info...)
	targets = append(targets, &n.CreatedAtMs, &n.ApprovedAtMs, &n.LastConnectedAtMs, &n.LastSeenAtMs, &n.LastSeenReason)
	if err := row.Scan(targets...); err != nil {
		return nil, err
	}
	return &n, finish()
}

// Node returns the paired node with id, or nil.
func (t *Tx) Node(id string) (*Node, error) {
	return queryOne(t, "reading node "+id, scanNode, "SELECT "+nodeColumns+" FROM paired_nodes WHERE node_id = ?", id)
}

// Nodes returns every paired node, most recently approved first.
func (t *Tx) Nodes() ([]Node, error) {
	return queryAll(t, "listing nodes", scanNode,
		"SELECT "+nodeColumns+" FROM paired_nodes ORDER BY approved_at_ms DESC, node_id")
}

// PutNode inserts or replaces a paired node.
func (t *Tx) PutNode(n *Node) error {
	args := append([]any{n.NodeID, n.Token}, nodeInfoValues(&n.NodeInfo)...)
	args = append(args, n.CreatedAtMs, n.ApprovedAtMs, n.LastConnectedAtMs, n.LastSeenAtMs, n.LastSeenReason)
	_, err := t.exec("writing node "+n.NodeID, `INSERT OR REPLACE INTO paired_nodes (`+nodeColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	return err
}

// DeleteNode removes a paired node; it reports whether it existed.
func (t *Tx) DeleteNode(id string) (bool, error) {
	res, err := t.exec("removing node "+id, "DELETE FROM paired_nodes WHERE node_id = ?", id)
	if err != nil {
		return false, err
	}
	return affected(res), nil
}
