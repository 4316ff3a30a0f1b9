package store

// PendingDevice is a device pairing request waiting for a decision.
type PendingDevice struct {
	RequestID    string
	DeviceID     string
	PublicKey    string
	DisplayName  string
	Platform     string
	DeviceFamily string
	ClientID     string
	ClientMode   string
	// Role is the role of the connect that made the request; Roles and
	// Scopes are everything requested (merged across superseded requests).
	Role     string
	Roles    []string
	Scopes   []string
	RemoteIP string
	Silent   bool // qualifies for silent local approval
	IsRepair bool // the device was already paired when it asked
	TS       int64
}

const pendingDeviceColumns = `request_id, device_id, public_key, display_name, platform, device_family,
	client_id, client_mode, role, roles, scopes, remote_ip, silent, is_repair, ts`

// scanPendingDevice reads one pending_devices row.
func scanPendingDevice(row rowScanner) (*PendingDevice, error) {
	var p PendingDevice
	var roles, scopes string
	var silent, repair int
	err := row.Scan(&p.RequestID, &p.DeviceID, &p.PublicKey, &p.DisplayName, &p.Platform, &p.DeviceFamily,
		&p.ClientID, &p.ClientMode, &p.Role, &roles, &scopes, &p.RemoteIP, &silent, &repair, &p.TS)
	if err != nil {
		return nil, err
	}
	p.Silent, p.IsRepair = silent != 0, repair != 0
	if err := decodeInto("pending_devices.roles", roles, &p.Roles); err != nil {
		return nil, err
	}
	if err := decodeInto("pending_devices.scopes", scopes, &p.Scopes); err != nil {
		return nil, err
	}
	return &p, nil
}

// PendingDevice returns the pending request with id, or nil.
func (t *Tx) PendingDevice(requestID string) (*PendingDevice, error) {
	return queryOne(t, "reading pending request "+requestID, scanPendingDevice,
		"SELECT "+pendingDeviceColumns+" FROM pending_devices WHERE request_id = ?", requestID)
}

// PendingDevices returns every pending request, newest first; with a
// non-empty deviceID only that device's requests.
func (t *Tx) PendingDevices(deviceID string) ([]PendingDevice, error) {
	query := "SELECT " + pendingDeviceColumns + " FROM pending_devices"
	var args []any
	if deviceID != "" {
		query += " WHERE device_id = ?"
		args = append(args, deviceID)
	}
	return queryAll(t, "listing pending requests", scanPendingDevice, query+" ORDER BY ts DESC, request_id", args...)
}

// PutPendingDevice inserts or replaces a pending request.
func (t *Tx) PutPendingDevice(p *PendingDevice) error {
	_, err := t.exec("writing pending request "+p.RequestID, `INSERT OR REPLACE INTO pending_devices (`+pendingDeviceColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.RequestID, p.DeviceID, p.PublicKey, p.DisplayName, p.Platform, p.DeviceFamily, p.ClientID,
		p.ClientMode, p.Role, list(p.Roles), list(p.Scopes), p.RemoteIP, boolInt(p.Silent), boolInt(p.IsRepair), p.TS)
	return err
}

// DeletePendingDevice removes a pending request; it reports whether it
// existed.
func (t *Tx) DeletePendingDevice(requestID string) (bool, error) {
	res, err := t.exec("removing pending request "+requestID, "DELETE FROM pending_devices WHERE request_id = ?", requestID)
	if err != nil {
		return false, err
	}
	return affected(res), nil
}

// PrunePendingDevices removes requests last refreshed before cutoffMs and
// returns how many it removed.
func (t *Tx) PrunePendingDevices(cutoffMs int64) (int64, error) {
	res, err := t.exec("pruning pending requests", "DELETE FROM pending_devices WHERE ts < ?", cutoffMs)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}
