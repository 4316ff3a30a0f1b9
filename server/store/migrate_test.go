package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
)

// TestMigrationKeepsPendingRequests opens a database at schema version 1
// (separate pending_devices and pending_nodes tables) holding one request
// of each kind, and checks that the shared pairing_requests table carries
// them over field for field, nil and empty lists kept apart.
func TestMigrationKeepsPendingRequests(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := applyMigration(ctx, raw, 1, migrations[0]); err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`INSERT INTO pending_devices (request_id, device_id, public_key, display_name, platform,
		device_family, client_id, client_mode, role, roles, scopes, remote_ip, silent, is_repair, ts)
		VALUES ('rd', 'dev1', 'pk', 'laptop', 'linux', '', 'cli', 'cli', 'operator', '["operator"]', '[]',
		'10.0.0.2', 1, 1, 7)`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`INSERT INTO pending_nodes (request_id, node_id, display_name, platform, version, core_version,
		ui_version, device_family, model_identifier, caps, commands, permissions, remote_ip, silent, ts)
		VALUES ('rn', 'node1', 'box', 'linux', '1.0', '', '', '', '', 'null', '["system.run"]', '{"camera":false}',
		'', 0, 9)`)
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantDevice := &PendingDevice{RequestID: "rd", SubjectID: "dev1", Silent: true, IsRepair: true, TS: 7,
		Info: DeviceInfo{PublicKey: "pk", DisplayName: "laptop", Platform: "linux", ClientID: "cli", ClientMode: "cli",
			Role: "operator", Roles: []string{"operator"}, Scopes: []string{}, RemoteIP: "10.0.0.2"}}
	wantNode := &PendingNode{RequestID: "rn", SubjectID: "node1", TS: 9,
		Info: NodeInfo{DisplayName: "box", Platform: "linux", Version: "1.0", Commands: []string{"system.run"},
			Permissions: map[string]bool{"camera": false}}}
	_ = s.View(ctx, func(tx *Tx) error {
		gotDevice, err := DeviceRequests.Get(tx, "rd")
		if err != nil || !reflect.DeepEqual(gotDevice, wantDevice) {
			t.Errorf("migrated device request = %+v, %v\nwant %+v", gotDevice, err, wantDevice)
		}
		gotNode, err := NodeRequests.Get(tx, "rn")
		if err != nil || !reflect.DeepEqual(gotNode, wantNode) {
			t.Errorf("migrated node request = %+v, %v\nwant %+v", gotNode, err, wantNode)
		}
		return nil
	})
	var tables int
	if err := s.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('pending_devices', 'pending_nodes')`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("old pending tables left: %d (%v)", tables, err)
	}
}
