package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// FileName is the database's name inside the state directory.
const FileName = "state.db"

// busyTimeoutMs is how long a statement waits for a lock held by another
// process (a second gatewire on the same state directory) before failing.
const busyTimeoutMs = 5000

// cacheKiB bounds SQLite's page cache (the connection's own copy of
// database pages; the operating system caches the file as well). SQLite's
// default, 2,000 KiB, filled as devices were paired and stayed resident:
// 1,000 connected nodes, each a device paired on connect, cost about
// 3 KB more per connection than idle operators, and 0.1 KB more with this
// bound (BENCHMARKS.md, the nodes group). The gateway reads the database
// on handshakes and pairings, never per request.
const cacheKiB = 128

// Store is an open state database.
type Store struct {
	db *sql.DB
	// reads serves View: read-only connections whose transactions start
	// deferred, so in WAL mode a read neither waits for a write's commit
	// (its fsync) nor holds up the writer.
	reads *sql.DB
}

// maxReaders bounds the read-only connections.
const maxReaders = 4

// PathIn returns the database path inside stateDir.
func PathIn(stateDir string) string { return filepath.Join(stateDir, FileName) }

// Open opens (creating when missing) the database at path: the file is
// created with mode 0600 and its directory with 0700, the schema is
// migrated to the current version, and every connection runs in WAL mode
// with synchronous=FULL.
func Open(ctx context.Context, path string) (*Store, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: database path %q must not contain '?' or '#'", path)
	}
	if err := prepareFile(path); err != nil {
		return nil, fmt.Errorf("store: preparing %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; transactions are serialized
	reads, err := sql.Open("sqlite", readDSN(path))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: opening %s for reading: %w", path, err)
	}
	reads.SetMaxOpenConns(maxReaders)
	s := &Store{db: db, reads: reads}
	if err := s.checkPragmas(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: migrating %s: %w", path, err)
	}
	return s, nil
}

// dsn returns the driver name for path with the connection settings every
// connection applies.
func dsn(path string) string {
	return fmt.Sprintf("%s?_busy_timeout=%d&_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on&_txlock=immediate&_pragma=cache_size(-%d)",
		path, busyTimeoutMs, cacheKiB)
}

// readDSN is dsn for the read-only connections: transactions begin
// deferred (a read takes no write lock) and the connection refuses writes.
func readDSN(path string) string {
	return strings.Replace(dsn(path), "_txlock=immediate", "_txlock=deferred", 1) + "&_pragma=query_only(1)"
}

// prepareFile creates the database's directory (0700) and the file itself
// (0600) so that SQLite, which gives its WAL and shared-memory files the
// database file's mode, never creates anything more widely readable. An
// existing file with a wider mode is narrowed.
func prepareFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Mode().Perm() != 0o600 {
		return f.Chmod(0o600)
	}
	return nil
}

// checkPragmas confirms the durability settings took effect.
func (s *Store) checkPragmas(ctx context.Context) error {
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	var sync int
	if err := s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") || sync != 2 {
		return fmt.Errorf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, sync)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return errors.Join(s.reads.Close(), s.db.Close()) }

// ErrCorrupt is returned by IntegrityCheck when SQLite finds damage.
var ErrCorrupt = errors.New("store: database integrity check failed")

// IntegrityCheck runs SQLite's full integrity check.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("store: integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}
