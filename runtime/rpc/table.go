package rpc

import (
	"context"
	"encoding/json"
)

// HandlerFunc handles one request whose params have already been validated
// against the method's schema. It decodes params, does the work and returns
// the result to encode as the response payload, or an error. A *wire.Error
// is sent as is; any other error is reported as UNAVAILABLE.
type HandlerFunc func(ctx context.Context, params json.RawMessage) (any, error)

// Table maps a method's wire name to its handler. Generated code builds one
// from a typed Handler; the runtime dispatches through it.
type Table map[string]HandlerFunc

// Only returns the subset of t whose names are listed.
func (t Table) Only(names ...string) Table {
	out := make(Table, len(names))
	for _, n := range names {
		if h, ok := t[n]; ok {
			out[n] = h
		}
	}
	return out
}

// DecodeParams decodes validated params into dst. Absent params decode as
// an empty object. A value the schema admits but dst cannot hold fails
// with a *ParamsDecodeError worded like a schema violation.
func DecodeParams(raw json.RawMessage, dst any) error {
	if len(raw) == 0 {
		return nil
	}
	return decodeError(json.Unmarshal(raw, dst))
}
