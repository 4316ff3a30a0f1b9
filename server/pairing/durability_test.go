package pairing

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatewire/gatewire/internal/crashtest"
	"github.com/gatewire/gatewire/server/store"
)

// helperEnv names the database a helper process approves devices into.
const helperEnv = "GATEWIRE_PAIRING_DURABILITY_DB"

// TestDurabilityHelper is not a test: run as a child process by
// TestAcknowledgedApprovalsSurviveKill9, it pairs devices as fast as it
// can and prints "acked <deviceId>" after each approval has returned.
func TestDurabilityHelper(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	svc, _ := New(Config{Store: st, Settings: DefaultSettings(), Logger: slog.New(slog.DiscardHandler)})
	for {
		d := newDevice(t)
		_, req, err := svc.Connect(ctx, ConnectInput{Device: d.verified(), Role: "operator",
			Scopes: []string{"operator.read"}, ClientID: "cli", ClientMode: "cli", RemoteIP: "203.0.113.1",
			Silent: SilentInput{Locality: LocalityRemote}})
		if err != nil || req == nil {
			fmt.Fprintln(os.Stderr, "request:", err)
			os.Exit(3)
		}
		if _, err := svc.ApproveDevice(ctx, admin, req.RequestID); err != nil {
			fmt.Fprintln(os.Stderr, "approve:", err)
			os.Exit(4)
		}
		fmt.Printf("acked %s\n", d.id) // only after ApproveDevice returned
	}
}

// TestAcknowledgedApprovalsSurviveKill9 kills a process that is approving
// devices in a tight loop, several times, at different points; after each
// kill every approval it had acknowledged must be in the database, with
// its token, and the database must pass SQLite's integrity check.
func TestAcknowledgedApprovalsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills helper processes")
	}
	path := store.PathIn(filepath.Join(t.TempDir(), "state"))
	acked := map[string]bool{}
	for round, killAfter := range []int{5, 23, 41} {
		for _, id := range runAndKill(t, path, killAfter) {
			acked[id] = true
		}
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopening after kill -9: %v", round, err)
		}
		if err := st.IntegrityCheck(context.Background()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		missing := 0
		_ = st.View(context.Background(), func(tx *store.Tx) error {
			for id := range acked {
				d, err := tx.Device(id)
				if err != nil || d == nil || d.Tokens["operator"].Token == "" {
					missing++
				}
			}
			return nil
		})
		st.Close()
		if missing > 0 {
			t.Fatalf("round %d: %d of %d acknowledged approvals lost", round, missing, len(acked))
		}
		t.Logf("round %d: killed after %d acknowledgements; all %d acknowledged approvals present", round, killAfter, len(acked))
	}
}

// runAndKill runs TestDurabilityHelper on path, SIGKILLs it after n
// acknowledgements and returns what it acknowledged.
func runAndKill(t *testing.T, path string, n int) []string {
	t.Helper()
	return crashtest.RunAndKill(t, "TestDurabilityHelper", helperEnv+"="+path, n)
}
