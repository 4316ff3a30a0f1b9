// Package leakcheck is a test helper of gatewire's client packages: it
// fails a test that leaves goroutines of the Go client running.
package leakcheck

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// owners are the stack frames of goroutines that belong to a connection,
// a Client or a Subscription of the Go client.
var owners = []string{"clients/go.(*Conn)", "clients/go.(*Client)", "clients/go.(*Subscription)"}

// grace is how long the goroutines of closed connections get to end.
const grace = 10 * time.Second

// Check fails t when goroutines of the Go client are still running once
// the test and its cleanups are done, after waiting up to 10 s for them
// to end. Call it first in a test: cleanups run last-registered first.
func Check(t testing.TB) {
	t.Helper()
	t.Cleanup(func() {
		if leaked := Settle(); leaked != "" {
			t.Errorf("goroutines still running after the test:\n%s", leaked)
		}
	})
}

// Settle waits up to 10 s for the Go client's goroutines to end and
// returns the stacks of those still running (see Running), or "".
func Settle() string {
	deadline := time.Now().Add(grace)
	for {
		leaked := Running()
		if leaked == "" || time.Now().After(deadline) {
			return leaked
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Running returns the stacks of the Go client's goroutines that are
// running now, other than the test's own, or "" when there are none.
func Running() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if ownedByClient(g) && !strings.Contains(g, "testing.tRunner") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}

func ownedByClient(stack string) bool {
	for _, owner := range owners {
		if strings.Contains(stack, owner) {
			return true
		}
	}
	return false
}
