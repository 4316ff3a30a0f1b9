package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
)

// Integrity is what Check found in a state database.
type Integrity struct {
	// Problems are SQLite's integrity_check messages and any table a
	// gatewire database must have but lacks; none when it is sound.
	Problems []string
	// Version is the schema version (the migrations applied).
	Version int
	// Current is the schema version this gatewire writes.
	Current int
	// Devices, Nodes and Sessions count the paired devices, paired nodes
	// and agent sessions.
	Devices, Nodes, Sessions int
}

// Check opens the database at path read-only (it never creates, migrates
// or writes it, nor creates a file beside it) and runs SQLite's PRAGMA integrity_check over it, then
// counts the paired devices and nodes and the sessions. A file SQLite
// cannot read as a database is an error.
func Check(ctx context.Context, path string) (Integrity, error) {
	// A read-only connection to a WAL database creates its -wal and -shm
	// files when they are missing (no gateway has it open): then the file
	// is read as immutable, which creates nothing.
	query := "mode=ro&_busy_timeout=5000"
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		query += "&immutable=1"
	}
	u := url.URL{Scheme: "file", Path: path, RawQuery: query}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return Integrity{}, err
	}
	defer db.Close()
	in := Integrity{Current: len(migrations)}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&in.Version); err != nil {
		return in, fmt.Errorf("reading %s: %w", path, err)
	}
	if in.Problems, err = integrityCheck(ctx, db); err != nil {
		return in, fmt.Errorf("checking %s: %w", path, err)
	}
	for _, t := range []struct {
		table string
		n     *int
	}{{"paired_devices", &in.Devices}, {"paired_nodes", &in.Nodes}, {"sessions", &in.Sessions}} {
		table, n := t.table, t.n
		err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(n)
		switch {
		case err != nil && strings.Contains(err.Error(), "no such table"):
			if in.Version >= in.Current {
				in.Problems = append(in.Problems, "table "+table+" is missing")
			}
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			in.Problems = append(in.Problems, fmt.Sprintf("reading %s: %v", table, err))
		}
	}
	return in, nil
}

// integrityCheck runs PRAGMA integrity_check and returns its messages
// other than "ok".
func integrityCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	return problems, rows.Err()
}
