package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// queryOne runs a query for at most one row and decodes it with scan; it
// returns nil when there is no row. Errors say what was being read.
func queryOne[T any](t *Tx, what string, scan func(rowScanner) (*T, error), query string, args ...any) (*T, error) {
	v, err := scan(t.tx.QueryRowContext(t.ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return v, nil
}

// queryAll runs a query and decodes every row with scan, in the query's
// order. The rows are closed when it returns, so the caller may query
// again inside the same transaction.
func queryAll[T any](t *Tx, what string, scan func(rowScanner) (*T, error), query string, args ...any) ([]T, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}
