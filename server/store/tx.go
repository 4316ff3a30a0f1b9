package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx is one transaction; its methods read and write records.
type Tx struct {
	ctx context.Context
	tx  *sql.Tx
}

// Update runs fn in a write transaction and commits it when fn returns
// nil. When Update returns nil the changes are on disk (WAL with
// synchronous=FULL): they survive a crash from then on. fn must not call
// Update or View.
func (s *Store) Update(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(&Tx{ctx: ctx, tx: tx}); err != nil {
		tx.Rollback() //nolint:errcheck // fn's error is the one to report
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// View runs fn in a transaction that is rolled back afterwards; fn sees one
// consistent snapshot. fn must not call Update or View.
func (s *Store) View(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.reads.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return fn(&Tx{ctx: ctx, tx: tx})
}

// exec runs a statement and wraps its error with what was being done.
func (t *Tx) exec(what, query string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(t.ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return res, nil
}

// affected reports whether a statement changed at least one row.
func affected(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err == nil && n > 0
}
