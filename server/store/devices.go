package store

import (
	"maps"
	"slices"
)

// DeviceInfo is what a device asks to be paired with, and what its paired
// record keeps once approved.
type DeviceInfo struct {
	PublicKey string `json:"publicKey"` // canonical base64url of the raw key
	// Display and pinned metadata.
	DisplayName  string `json:"displayName,omitempty"`
	Platform     string `json:"platform,omitempty"`
	DeviceFamily string `json:"deviceFamily,omitempty"`
	ClientID     string `json:"clientId,omitempty"`
	ClientMode   string `json:"clientMode,omitempty"`
	// Role is the role of the connect that asked; Roles every role asked
	// for (merged across superseded requests) or approved.
	Role  string   `json:"role,omitempty"`
	Roles []string `json:"roles"`
	// Scopes are the scopes asked for, or the approved scope baseline.
	Scopes   []string `json:"scopes"`
	RemoteIP string   `json:"remoteIp,omitempty"`
}

// Device is an approved (paired) device.
type Device struct {
	DeviceID string
	DeviceInfo
	CreatedAtMs    int64
	ApprovedAtMs   int64
	LastSeenAtMs   int64 // 0 when never seen since approval
	LastSeenReason string
	// Tokens holds the device's role tokens by role.
	Tokens map[string]DeviceToken
}

// DeviceToken is one role token of a device. Zero times are unset.
type DeviceToken struct {
	Role         string
	Token        string
	Scopes       []string
	CreatedAtMs  int64
	RotatedAtMs  int64
	RevokedAtMs  int64
	LastUsedAtMs int64
}

const deviceColumns = `device_id, public_key, display_name, platform, device_family, client_id, client_mode,
	role, roles, scopes, remote_ip, created_at_ms, approved_at_ms, last_seen_at_ms, last_seen_reason`

// scanDevice reads one paired_devices row (without tokens).
func scanDevice(row rowScanner) (*Device, error) {
	var d Device
	var roles, scopes string
	err := row.Scan(&d.DeviceID, &d.PublicKey, &d.DisplayName, &d.Platform, &d.DeviceFamily, &d.ClientID,
		&d.ClientMode, &d.Role, &roles, &scopes, &d.RemoteIP, &d.CreatedAtMs, &d.ApprovedAtMs,
		&d.LastSeenAtMs, &d.LastSeenReason)
	if err != nil {
		return nil, err
	}
	if err := decodeInto("paired_devices.roles", roles, &d.Roles); err != nil {
		return nil, err
	}
	if err := decodeInto("paired_devices.scopes", scopes, &d.Scopes); err != nil {
		return nil, err
	}
	return &d, nil
}

// Device returns the paired device with id, or nil when there is none.
func (t *Tx) Device(id string) (*Device, error) {
	d, err := queryOne(t, "reading device "+id, scanDevice,
		"SELECT "+deviceColumns+" FROM paired_devices WHERE device_id = ?", id)
	if d == nil || err != nil {
		return nil, err
	}
	if d.Tokens, err = t.tokens(id); err != nil {
		return nil, err
	}
	return d, nil
}

// Devices returns every paired device, most recently approved first.
func (t *Tx) Devices() ([]Device, error) {
	out, err := queryAll(t, "listing devices", scanDevice,
		"SELECT "+deviceColumns+" FROM paired_devices ORDER BY approved_at_ms DESC, device_id")
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Tokens, err = t.tokens(out[i].DeviceID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PutDevice inserts or replaces a paired device and replaces its tokens
// with d.Tokens.
func (t *Tx) PutDevice(d *Device) error {
	_, err := t.exec("writing device "+d.DeviceID, `INSERT INTO paired_devices (`+deviceColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (device_id) DO UPDATE SET public_key = excluded.public_key,
			display_name = excluded.display_name, platform = excluded.platform,
			device_family = excluded.device_family, client_id = excluded.client_id,
			client_mode = excluded.client_mode, role = excluded.role, roles = excluded.roles,
			scopes = excluded.scopes, remote_ip = excluded.remote_ip, created_at_ms = excluded.created_at_ms,
			approved_at_ms = excluded.approved_at_ms, last_seen_at_ms = excluded.last_seen_at_ms,
			last_seen_reason = excluded.last_seen_reason`,
		d.DeviceID, d.PublicKey, d.DisplayName, d.Platform, d.DeviceFamily, d.ClientID, d.ClientMode,
		d.Role, list(d.Roles), list(d.Scopes), d.RemoteIP, d.CreatedAtMs, d.ApprovedAtMs,
		d.LastSeenAtMs, d.LastSeenReason)
	if err != nil {
		return err
	}
	if _, err := t.exec("clearing tokens of "+d.DeviceID, "DELETE FROM device_tokens WHERE device_id = ?", d.DeviceID); err != nil {
		return err
	}
	for _, role := range slices.Sorted(maps.Keys(d.Tokens)) { // sorted, so writes are deterministic
		tok := d.Tokens[role]
		tok.Role = role
		if err := t.PutToken(d.DeviceID, tok); err != nil {
			return err
		}
	}
	return nil
}

// DeleteDevice removes a paired device with its tokens and its pending
// requests; it reports whether the device existed.
func (t *Tx) DeleteDevice(id string) (bool, error) {
	res, err := t.exec("removing device "+id, "DELETE FROM paired_devices WHERE device_id = ?", id)
	if err != nil {
		return false, err
	}
	if err := DeviceRequests.DeleteSubject(t, id); err != nil {
		return false, err
	}
	return affected(res), nil
}

// PutToken inserts or replaces one role token of a paired device.
func (t *Tx) PutToken(deviceID string, tok DeviceToken) error {
	_, err := t.exec("writing "+tok.Role+" token of "+deviceID, `INSERT INTO device_tokens
		(device_id, role, token, scopes, created_at_ms, rotated_at_ms, revoked_at_ms, last_used_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (device_id, role) DO UPDATE SET token = excluded.token, scopes = excluded.scopes,
			created_at_ms = excluded.created_at_ms, rotated_at_ms = excluded.rotated_at_ms,
			revoked_at_ms = excluded.revoked_at_ms, last_used_at_ms = excluded.last_used_at_ms`,
		deviceID, tok.Role, tok.Token, list(tok.Scopes), tok.CreatedAtMs, tok.RotatedAtMs, tok.RevokedAtMs, tok.LastUsedAtMs)
	return err
}

// scanToken reads one device_tokens row.
func scanToken(row rowScanner) (*DeviceToken, error) {
	var tok DeviceToken
	var scopes string
	if err := row.Scan(&tok.Role, &tok.Token, &scopes, &tok.CreatedAtMs, &tok.RotatedAtMs,
		&tok.RevokedAtMs, &tok.LastUsedAtMs); err != nil {
		return nil, err
	}
	return &tok, decodeInto("device_tokens.scopes", scopes, &tok.Scopes)
}

// tokens reads the role tokens of a device.
func (t *Tx) tokens(deviceID string) (map[string]DeviceToken, error) {
	list, err := queryAll(t, "reading tokens of "+deviceID, scanToken, `SELECT role, token, scopes,
		created_at_ms, rotated_at_ms, revoked_at_ms, last_used_at_ms FROM device_tokens WHERE device_id = ?`, deviceID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]DeviceToken, len(list))
	for _, tok := range list {
		out[tok.Role] = tok
	}
	return out, nil
}
