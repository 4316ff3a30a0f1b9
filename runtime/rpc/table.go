package rpc

import (
	"context"
	"encoding/json"
)

// HandlerFunc handles one request whose params have already been validated
// against the method's schema. It decodes params, does the work and returns
// the result to encode as the response payload, or an error. A *wire.Error
// is sent as is; any other error is reported as UNAVAILABLE.
type HandlerFunc func(ctx context.Context, call *Call, params json.RawMessage) (any, error)

// DecodeParams decodes validated params into dst. Absent params decode as
// an empty object. A value the schema admits but dst cannot hold fails
// with a *ParamsDecodeError worded like a schema violation.
func DecodeParams(raw json.RawMessage, dst any) error {
	if len(raw) == 0 {
		return nil
	}
	return decodeError(json.Unmarshal(raw, dst))
}
