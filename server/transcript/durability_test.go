package transcript

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/crashtest"
	"github.com/gatewire/gatewire/server/store"
)

// helperEnv names the database a helper process appends messages to.
const helperEnv = "GATEWIRE_TRANSCRIPT_DURABILITY_DB"

// TestDurabilityHelper is not a test: run as a child process by
// TestAppendedMessagesSurviveKill9, it appends messages to a few
// sessions as fast as it can and prints "acked <key> <text>" after each
// Append has returned.
func TestDurabilityHelper(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s := New(db, nil)
	for i := 0; ; i++ {
		key := fmt.Sprintf("agent:main:s%d", i%3)
		text := fmt.Sprintf("%d-%d", os.Getpid(), i)
		if _, err := s.Append(ctx, key, userMsg(text, int64(i))); err != nil {
			fmt.Fprintln(os.Stderr, "append:", err)
			os.Exit(3)
		}
		fmt.Printf("acked %s %s\n", key, text) // only after Append returned
	}
}

// TestAppendedMessagesSurviveKill9 kills a process that is appending
// messages, several times; after each kill every message it had
// acknowledged is in its session's history, in order, and the database
// passes SQLite's integrity check.
func TestAppendedMessagesSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills helper processes")
	}
	path := store.PathIn(filepath.Join(t.TempDir(), "state"))
	acked := map[string][]string{}
	for round, killAfter := range []int{7, 31, 53} {
		for _, line := range runAndKill(t, path, killAfter) {
			key, text, _ := strings.Cut(line, " ")
			acked[key] = append(acked[key], text)
		}
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopening after kill -9: %v", round, err)
		}
		if err := db.IntegrityCheck(context.Background()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		s := New(db, nil)
		for key, texts := range acked {
			hist, err := s.History(context.Background(), key, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !ackedInOrder(hist, texts) {
				t.Fatalf("round %d: %s lost acknowledged messages: history has %d, %d acknowledged", round, key, len(hist), len(texts))
			}
		}
		db.Close()
	}
}

// ackedInOrder reports whether texts appear in hist in order (hist may
// hold one more message written but not acknowledged before the kill).
func ackedInOrder(hist []Stored, texts []string) bool {
	i := 0
	for _, h := range hist {
		if i < len(texts) && h.Text() == texts[i] {
			i++
		}
	}
	return i == len(texts)
}

// runAndKill runs TestDurabilityHelper on path, SIGKILLs it after n
// acknowledgements and returns what it acknowledged.
func runAndKill(t *testing.T, path string, n int) []string {
	t.Helper()
	return crashtest.RunAndKill(t, "TestDurabilityHelper", helperEnv+"="+path, n)
}
