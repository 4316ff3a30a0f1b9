package store

import (
	"encoding/json"
	"fmt"
)

// list encodes a string list column; nil and empty stay distinct ("null"
// and "[]").
func list(v []string) string {
	b, _ := json.Marshal(v) // a []string always encodes
	return string(b)
}

// flags encodes a permissions column.
func flags(v map[string]bool) string {
	b, _ := json.Marshal(v) // a map[string]bool always encodes
	return string(b)
}

// decodeInto decodes a JSON column into dst, naming the column on error
// (the query that read it adds what was being read).
func decodeInto(column, raw string, dst any) error {
	if err := json.Unmarshal([]byte(raw), dst); err != nil {
		return fmt.Errorf("column %s holds invalid JSON: %w", column, err)
	}
	return nil
}

// boolInt encodes a boolean column.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
