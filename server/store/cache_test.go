package store

import "testing"

// Every connection, a fresh one included, runs with the bounded page
// cache (PRAGMA cache_size is -KiB when given in KiB).
func TestPageCacheBoundedOnEveryConnection(t *testing.T) {
	s := openTemp(t)
	for round := range 2 {
		var size int
		if err := s.db.QueryRow("PRAGMA cache_size").Scan(&size); err != nil {
			t.Fatal(err)
		}
		if size != -cacheKiB {
			t.Fatalf("round %d: cache_size=%d, want %d", round, size, -cacheKiB)
		}
		s.db.SetMaxIdleConns(0) // the next query opens a new connection
	}
}
