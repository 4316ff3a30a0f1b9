package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
)

// TestMigrationThreeKeepsPairedRecords opens a database at schema version
// 2 holding a paired device and node and checks that they read back with
// no surfaces and no last-seen time on the node record.
func TestMigrationThreeKeepsPairedRecords(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := applyMigration(ctx, raw, i+1, migrations[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO paired_devices (device_id, public_key, role, roles, scopes, created_at_ms,
		approved_at_ms, last_seen_at_ms, last_seen_reason) VALUES ('n1', 'pk', 'node', '["node"]', '[]', 1, 2, 3, 'connect')`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO paired_nodes (node_id, token, commands, created_at_ms, approved_at_ms,
		last_connected_at_ms) VALUES ('n1', 'tok', '["system.run"]', 1, 2, 4)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_ = s.View(ctx, func(tx *Tx) error {
		d, err := tx.Device("n1")
		if err != nil || d == nil || d.LastSeenReason != "connect" {
			t.Errorf("device after migration = %+v, %v", d, err)
		}
		n, err := tx.Node("n1")
		if err != nil || n == nil || n.LastConnectedAtMs != 4 || n.LastSeenAtMs != 0 || n.LastSeenReason != "" {
			t.Errorf("node after migration = %+v, %v", n, err)
		}
		a, p, err := tx.NodeSurfaces("n1")
		if err != nil || a != nil || p != nil {
			t.Errorf("surfaces after migration = %+v %+v, %v", a, p, err)
		}
		return nil
	})
}

func TestNodeSurfacesAndLastSeen(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	approved := &NodeSurface{Caps: []string{"system"}, Commands: []string{"system.which"}, Version: "1.0",
		DeclaredAtMs: 5, ApprovedAtMs: 5}
	pending := &NodeSurface{Caps: []string{}, Commands: []string{"system.run"}, DeclaredAtMs: 6, RequestID: "r1"}
	err := s.Update(ctx, func(tx *Tx) error {
		if ok, err := tx.SetNodeSurfaces("nobody", approved, nil); ok || err != nil {
			t.Errorf("surface of an unpaired device: %v %v", ok, err)
		}
		if err := tx.PutDevice(sampleDevice()); err != nil {
			return err
		}
		id := sampleDevice().DeviceID
		if ok, err := tx.SetNodeSurfaces(id, approved, pending); !ok || err != nil {
			t.Errorf("set surfaces: %v %v", ok, err)
		}
		a, p, err := tx.NodeSurfaces(id)
		if err != nil || !reflect.DeepEqual(a, approved) || !reflect.DeepEqual(p, pending) {
			t.Errorf("surfaces = %+v %+v, %v", a, p, err)
		}
		// Writing the device record again leaves its surfaces alone.
		if err := tx.PutDevice(sampleDevice()); err != nil {
			return err
		}
		if a, _, _ := tx.NodeSurfaces(id); !reflect.DeepEqual(a, approved) {
			t.Errorf("surface after PutDevice = %+v", a)
		}
		device, node, err := tx.MarkSeen(id, id, 99, "manual")
		if !device || node || err != nil {
			t.Errorf("mark seen: %v %v %v", device, node, err)
		}
		d, _ := tx.Device(id)
		if d.LastSeenAtMs != 99 || d.LastSeenReason != "manual" {
			t.Errorf("device seen = %d %q", d.LastSeenAtMs, d.LastSeenReason)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
