package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// maxDetailsBytes bounds Error.Details: 20 capped entries, "…" and the
// separators.
const maxDetailsBytes = 21 * (240 + 2)

// FuzzRequest feeds arbitrary frames through Request and Params over the
// real schema: they must never panic, must classify every input as valid,
// not JSON or invalid, and must hand out exactly the params bytes that
// were validated.
func FuzzRequest(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		for _, fx := range loadFixtures(f, dir) {
			f.Add([]byte(fx.Frame))
		}
	}
	for _, seed := range []string{
		`{"type":"req","id":"1","method":"health"}`,
		`{"type":"req","id":"1","method":"connect","params":{"minProtocol":3}}`,
		`{"type":"req","id":"1","method":"health","params":{},"params":[1]}`,
		`{"type":"req","id":"1","method":"health","par\u0061ms":{"a":"\"}"}}`,
		`{"type":"req","id":1}`, `[]`, `"x"`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	v := realValidator(f)
	f.Fuzz(func(t *testing.T, frame []byte) {
		req, err := v.Request(frame)
		if err != nil {
			checkRejection(t, frame, err)
			return
		}
		checkParamsBytes(t, frame, req.Params)
		err = v.Params(req.Method, req.Params)
		if err != nil && !errors.Is(err, ErrUnknownMethod) {
			checkRejection(t, frame, err)
		}
	})
}

func checkRejection(t *testing.T, frame []byte, err error) {
	if errors.Is(err, ErrNotJSON) {
		if json.Valid(frame) {
			t.Fatalf("valid JSON %q reported as not JSON: %v", frame, err)
		}
		return
	}
	var verr *Error
	if !errors.As(err, &verr) {
		t.Fatalf("frame %q: unexpected error %T %v", frame, err, err)
	}
	if len(verr.Violations) == 0 {
		t.Fatalf("frame %q: validation error without violations", frame)
	}
	if len(verr.Details()) > maxDetailsBytes {
		t.Fatalf("frame %q: details of %d bytes", frame, len(verr.Details()))
	}
}

// checkParamsBytes compares the params Request returned with those
// encoding/json finds in the same frame.
func checkParamsBytes(t *testing.T, frame []byte, got json.RawMessage) {
	var want struct {
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(frame, &want); err != nil {
		t.Fatalf("accepted frame %q does not decode: %v", frame, err)
	}
	if !bytes.Equal(got, want.Params) {
		t.Fatalf("frame %q: params %q, encoding/json finds %q", frame, got, want.Params)
	}
}
