package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// decodeJSON parses data, which must hold exactly one JSON value, into the
// generic form the schema validator walks. Numbers stay json.Number, so big
// integers are checked exactly.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	if !isSpace(data[dec.InputOffset():]) {
		return nil, fmt.Errorf("%w: data after the value at offset %d", ErrNotJSON, dec.InputOffset())
	}
	return v, nil
}

// isSpace reports whether b holds only JSON whitespace.
func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}
