package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), PathIn(filepath.Join(t.TempDir(), "state")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sampleDevice() *Device {
	return &Device{
		DeviceID: "dev1", DeviceInfo: DeviceInfo{PublicKey: "pk", DisplayName: "laptop", Platform: "linux",
			DeviceFamily: "", ClientID: "cli", ClientMode: "cli", Role: "operator", Roles: []string{"operator"},
			Scopes: []string{"operator.read"}, RemoteIP: "10.0.0.2"}, CreatedAtMs: 1, ApprovedAtMs: 2,
		Tokens: map[string]DeviceToken{
			"operator": {Role: "operator", Token: "tok", Scopes: []string{}, CreatedAtMs: 3},
		},
	}
}

func TestDeviceRoundTripAndEmptyVersusNilLists(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	want := sampleDevice()
	if err := s.Update(ctx, func(tx *Tx) error { return tx.PutDevice(want) }); err != nil {
		t.Fatal(err)
	}
	var got *Device
	if err := s.View(ctx, func(tx *Tx) error {
		var err error
		got, err = tx.Device("dev1")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if got.Tokens["operator"].Scopes == nil {
		t.Fatal("an empty scope list came back as nil")
	}
	missing := &Device{}
	_ = s.View(ctx, func(tx *Tx) error { missing, _ = tx.Device("nope"); return nil })
	if missing != nil {
		t.Fatalf("unknown device = %+v, want nil", missing)
	}
}

func TestDeleteDeviceRemovesTokensAndPending(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	err := s.Update(ctx, func(tx *Tx) error {
		if err := tx.PutDevice(sampleDevice()); err != nil {
			return err
		}
		if err := DeviceRequests.Put(tx, &PendingDevice{RequestID: "r1", SubjectID: "dev1", TS: 5}); err != nil {
			return err
		}
		return NodeRequests.Put(tx, &PendingNode{RequestID: "r2", SubjectID: "dev1", TS: 5})
	})
	if err != nil {
		t.Fatal(err)
	}
	var existed bool
	if err := s.Update(ctx, func(tx *Tx) (err error) { existed, err = tx.DeleteDevice("dev1"); return }); err != nil || !existed {
		t.Fatalf("DeleteDevice = %v, %v", existed, err)
	}
	var tokens int
	if err := s.db.QueryRow("SELECT count(*) FROM device_tokens").Scan(&tokens); err != nil || tokens != 0 {
		t.Fatalf("tokens left after delete: %d (%v)", tokens, err)
	}
	_ = s.View(ctx, func(tx *Tx) error {
		if p, _ := DeviceRequests.Get(tx, "r1"); p != nil {
			t.Error("pending request of a removed device survived")
		}
		if p, _ := NodeRequests.Get(tx, "r2"); p == nil {
			t.Error("removing a device removed its pending node surface too")
		}
		return nil
	})
	if err := s.Update(ctx, func(tx *Tx) (err error) { existed, err = tx.DeleteDevice("dev1"); return }); err != nil || existed {
		t.Fatalf("second DeleteDevice = %v, %v", existed, err)
	}
}

func TestPendingOrderAndPrune(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	err := s.Update(ctx, func(tx *Tx) error {
		for i, ts := range []int64{100, 300, 200} {
			p := &PendingDevice{RequestID: string(rune('a' + i)), SubjectID: "d", TS: ts, Silent: i == 1, IsRepair: true,
				Info: DeviceInfo{PublicKey: "k", Roles: []string{"operator"}, Scopes: []string{"operator.read"}}}
			if err := DeviceRequests.Put(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Update(ctx, func(tx *Tx) error {
		list, err := DeviceRequests.List(tx, "")
		if err != nil || len(list) != 3 || list[0].TS != 300 || list[2].TS != 100 || !list[0].Silent || !list[0].IsRepair {
			t.Errorf("List = %+v, %v", list, err)
		}
		if nodes, _ := NodeRequests.List(tx, ""); len(nodes) != 0 {
			t.Errorf("device requests listed as node requests: %+v", nodes)
		}
		n, err := DeviceRequests.Prune(tx, 250)
		if err != nil || n != 2 {
			t.Errorf("Prune = %d, %v", n, err)
		}
		list, _ = DeviceRequests.List(tx, "d")
		if len(list) != 1 || list[0].RequestID != "b" {
			t.Errorf("after prune: %+v", list)
		}
		return nil
	})
}

func TestNodesRoundTrip(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	info := NodeInfo{DisplayName: "box", Platform: "linux", Caps: []string{"system"}, Commands: []string{"system.run"},
		Permissions: map[string]bool{"camera": false}, RemoteIP: "10.1.1.1"}
	node := &Node{NodeID: "n1", Token: "t", NodeInfo: info, CreatedAtMs: 1, ApprovedAtMs: 2, LastConnectedAtMs: 3}
	pending := &PendingNode{RequestID: "r", SubjectID: "n1", Info: info, Silent: true, TS: 9}
	err := s.Update(ctx, func(tx *Tx) error {
		if err := tx.PutNode(node); err != nil {
			return err
		}
		return NodeRequests.Put(tx, pending)
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.View(ctx, func(tx *Tx) error {
		gotNode, err := tx.Node("n1")
		if err != nil || !reflect.DeepEqual(gotNode, node) {
			t.Errorf("Node = %+v, %v", gotNode, err)
		}
		gotPending, err := NodeRequests.Get(tx, "r")
		if err != nil || !reflect.DeepEqual(gotPending, pending) {
			t.Errorf("PendingNode = %+v, %v", gotPending, err)
		}
		all, _ := tx.Nodes()
		forNode, _ := NodeRequests.List(tx, "n1")
		if len(all) != 1 || len(forNode) != 1 {
			t.Errorf("Nodes/PendingNodes = %d/%d", len(all), len(forNode))
		}
		return nil
	})
}

func TestUpdateRollsBackOnError(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx *Tx) error {
		if err := tx.PutDevice(sampleDevice()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	_ = s.View(ctx, func(tx *Tx) error {
		if d, _ := tx.Device("dev1"); d != nil {
			t.Error("a failed Update left its write behind")
		}
		return nil
	})
}

func TestFileModesAndDurabilitySettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	s, err := Open(context.Background(), PathIn(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(context.Background(), func(tx *Tx) error { return tx.PutDevice(sampleDevice()) }); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("state dir mode %v (%v), want 0700", info.Mode().Perm(), err)
	}
	for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, info.Mode().Perm())
		}
	}
	var mode string
	var sync int
	_ = s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	_ = s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	if mode != "wal" || sync != 2 {
		t.Fatalf("journal_mode=%s synchronous=%d", mode, sync)
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenNarrowsAWidelyReadableFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", info.Mode().Perm())
	}
}

func TestReopenKeepsDataAndRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx *Tx) error { return tx.PutDevice(sampleDevice()) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	_ = s.View(ctx, func(tx *Tx) error {
		if d, _ := tx.Device("dev1"); d == nil {
			t.Error("device lost across reopen")
		}
		return nil
	})
	s.Close()

	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("a database from a newer schema version was opened")
	}
}

func TestOpenRejectsURIPaths(t *testing.T) {
	if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "x?mode=ro")); err == nil {
		t.Fatal("a path with '?' was accepted")
	}
}

func TestCorruptFileIsAnErrorNotAFreshStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte("this is not a database, just text that is long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(context.Background(), path); err == nil {
		s.Close()
		t.Fatal("a corrupt database file was opened")
	}
}

func TestDevicesAreListedNewestApprovalFirst(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	err := s.Update(ctx, func(tx *Tx) error {
		for _, d := range []struct {
			id       string
			approved int64
		}{{"b", 5}, {"c", 2}, {"a", 5}} {
			dev := sampleDevice()
			dev.DeviceID, dev.ApprovedAtMs = d.id, d.approved
			if err := tx.PutDevice(dev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	_ = s.View(ctx, func(tx *Tx) error {
		list, err := tx.Devices()
		for _, d := range list {
			ids = append(ids, d.DeviceID)
			if d.Tokens["operator"].Token != "tok" {
				t.Errorf("device %s listed without its token", d.DeviceID)
			}
		}
		return err
	})
	if !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Fatalf("Devices order = %v, want a b c", ids)
	}
}

func TestDamagedColumnIsAnErrorNamingIt(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if err := s.Update(ctx, func(tx *Tx) error { return tx.PutDevice(sampleDevice()) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE device_tokens SET scopes = 'not json'"); err != nil {
		t.Fatal(err)
	}
	err := s.View(ctx, func(tx *Tx) error {
		_, err := tx.Device("dev1")
		return err
	})
	want := "store: reading tokens of dev1: column device_tokens.scopes holds invalid JSON"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("damaged column: %v, want %q…", err, want)
	}
}

// A read does not wait for a write in progress (WAL readers on their own
// connections): the agent reads a session's context while the turn's user
// message is being committed.
func TestViewDoesNotWaitForAnUpdateInProgress(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	writing, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Update(ctx, func(tx *Tx) error {
			close(writing)
			<-release
			return nil
		})
	}()
	<-writing
	if err := s.View(ctx, func(tx *Tx) error { _, err := tx.Session("agent:main:main"); return err }); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx *Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
