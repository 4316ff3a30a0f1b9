package validate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestRequestNotJSON(t *testing.T) {
	v := newTestValidator(t)
	for _, frame := range []string{"", "   ", "hello", "{", `{"type":"req"`, `{"type":"req","id":"1","method":"m"} x`, `{} {}`, `nul`} {
		_, err := v.Request([]byte(frame))
		if !errors.Is(err, ErrNotJSON) {
			t.Errorf("Request(%q) = %v, want ErrNotJSON", frame, err)
		}
		var verr *Error
		if errors.As(err, &verr) {
			t.Errorf("Request(%q) returned a validation error for non-JSON input", frame)
		}
	}
}

func TestRequestInvalidFrame(t *testing.T) {
	v := newTestValidator(t)
	cases := []struct {
		frame, text, id string
	}{
		{`{"type":"req","id":"7","method":"health","extra":1}`,
			"invalid request frame: at root: unexpected property 'extra'", "7"},
		{`{"type":"req","method":"health"}`,
			"invalid request frame: must have required property 'id'", ""},
		{`{"type":"req","id":42,"method":"health"}`,
			"invalid request frame: at /id: must be string", ""},
		{`{"type":"req","id":"","method":"health"}`,
			"invalid request frame: at /id: must NOT have fewer than 1 characters", ""},
		{`{"type":"res","id":"x1","method":""}`,
			"invalid request frame: at /method: must NOT have fewer than 1 characters; at /type: must be equal to constant", "x1"},
		{`[1,2]`, "invalid request frame: must be object", ""},
		{`"req"`, "invalid request frame: must be object", ""},
		{`null`, "invalid request frame: must be object", ""},
		{`{}`, "invalid request frame: must have required property 'id'; must have required property 'method'; must have required property 'type'", ""},
	}
	for _, tc := range cases {
		_, err := v.Request([]byte(tc.frame))
		if errors.Is(err, ErrNotJSON) {
			t.Errorf("Request(%s): JSON reported as not JSON", tc.frame)
			continue
		}
		got := asError(t, err)
		if got.Error() != tc.text {
			t.Errorf("Request(%s)\n got: %s\nwant: %s", tc.frame, got.Error(), tc.text)
		}
		if id, has := got.FrameID(); id != tc.id || has != (tc.id != "") {
			t.Errorf("Request(%s) FrameID = %q, %v, want %q", tc.frame, id, has, tc.id)
		}
	}
}

func TestRequestDecodes(t *testing.T) {
	v := newTestValidator(t)
	cases := []struct {
		frame, params string
	}{
		{`{"type":"req","id":"1","method":"health"}`, ""},
		{`{"type":"req","id":"1","method":"health","params":{"a":[1,{"b":"}"}]}}`, `{"a":[1,{"b":"}"}]}`},
		{` { "params" : "x\"y" , "type":"req","id":"1","method":"health" } `, `"x\"y"`},
		{`{"type":"req","id":"1","method":"health","params":null}`, `null`},
		{`{"type":"req","id":"1","method":"health","params":12.5e3}`, `12.5e3`},
		{`{"type":"req","id":"1","method":"health","params":{"first":1},"params":{"last":2}}`, `{"last":2}`},
		{`{"type":"req","id":"1","method":"health","par\u0061ms":[true]}`, `[true]`},
	}
	for _, tc := range cases {
		req, err := v.Request([]byte(tc.frame))
		if err != nil {
			t.Fatalf("Request(%s): %v", tc.frame, err)
		}
		if req.Type != "req" || req.ID != "1" || req.Method != "health" {
			t.Errorf("Request(%s) = %+v", tc.frame, req)
		}
		if string(req.Params) != tc.params {
			t.Errorf("Request(%s).Params = %q, want %q", tc.frame, req.Params, tc.params)
		}
	}
}

func TestParams(t *testing.T) {
	v := newTestValidator(t)
	valid := `{"minProtocol":3,"maxProtocol":3,"client":{"id":"cli","version":"1.0"}}`
	if err := v.Params("connect", json.RawMessage(valid)); err != nil {
		t.Errorf("valid connect params rejected: %v", err)
	}
	err := v.Params("connect", json.RawMessage(`{"minProtocol":0,"maxProtocol":3,"client":{"id":"ios-node","version":"1.0","x":1}}`))
	got := asError(t, err)
	want := "invalid connect params: at /client: unexpected property 'x'; at /client/id: must be equal to one of the allowed values; at /minProtocol: must be >= 1"
	if got.Error() != want {
		t.Errorf("connect params\n got: %s\nwant: %s", got.Error(), want)
	}
	if p := got.FramePointer(got.Violations[1]); p != "/params/client/id" {
		t.Errorf("FramePointer = %q, want /params/client/id", p)
	}
	if p := got.Violations[0].Target(); p != "/client/x" {
		t.Errorf("Target of the unexpected property = %q, want /client/x", p)
	}
}

func TestParamsAbsentValidateAsEmptyObject(t *testing.T) {
	v := newTestValidator(t)
	for _, raw := range []string{"", "null", " null "} {
		if err := v.Params("kw.Closed", json.RawMessage(raw)); err != nil {
			t.Errorf("Params(%q) against an empty closed object: %v", raw, err)
		}
		err := v.Params("hello", json.RawMessage(raw))
		if got := asError(t, err).Error(); got != "invalid hello params: must have required property 'client'; must have required property 'maxProtocol'; must have required property 'minProtocol'" {
			t.Errorf("Params(%q) for hello = %s", raw, got)
		}
	}
	if err := v.Params("kw.Closed", json.RawMessage(`[]`)); err == nil {
		t.Error("array params accepted for an object schema")
	}
}

func TestParamsErrors(t *testing.T) {
	v := newTestValidator(t)
	if err := v.Params("nope", nil); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("unknown method: %v", err)
	}
	if err := v.Params("hello", json.RawMessage(`{"a":`)); !errors.Is(err, ErrNotJSON) {
		t.Errorf("broken params: %v", err)
	}
}

func TestResponseAndEvent(t *testing.T) {
	v := newTestValidator(t)
	if err := v.Response([]byte(`{"type":"res","id":"1","ok":false,"error":{"code":"INVALID_REQUEST","message":"m"}}`)); err != nil {
		t.Errorf("valid response: %v", err)
	}
	err := v.Response([]byte(`{"type":"res","id":"1","ok":false,"error":{"code":"X","message":""}}`))
	if got := asError(t, err).Error(); got != "invalid response frame: at /error/message: must NOT have fewer than 1 characters" {
		t.Errorf("response: %s", got)
	}
	if err := v.Event([]byte(`{"type":"event","event":"tick","payload":{"ts":1},"seq":1}`)); err != nil {
		t.Errorf("valid event: %v", err)
	}
	err = v.Event([]byte(`{"type":"event","event":"tick","seq":-1}`))
	if got := asError(t, err).Error(); got != "invalid event frame: at /seq: must be >= 0" {
		t.Errorf("event: %s", got)
	}
}

func TestResultAndEventPayload(t *testing.T) {
	v := newTestValidator(t)
	if err := v.Result("connect", json.RawMessage(`{"protocol":3}`)); err != nil {
		t.Errorf("valid result: %v", err)
	}
	got := asError(t, v.Result("connect", json.RawMessage(`{"protocol":4}`)))
	if got.Error() != "invalid connect result: at /protocol: must be equal to constant" || got.FramePointer(got.Violations[0]) != "/payload/protocol" {
		t.Errorf("result: %s at %s", got.Error(), got.FramePointer(got.Violations[0]))
	}
	if got := asError(t, v.Result("connect", nil)).Error(); got != "invalid connect result: must be object" {
		t.Errorf("absent result: %s", got)
	}
	if err := v.Result("hello", json.RawMessage(`"anything"`)); err != nil {
		t.Errorf("method without a result schema: %v", err)
	}
	if err := v.EventPayload("tick", json.RawMessage(`{"ts":5}`)); err != nil {
		t.Errorf("valid tick: %v", err)
	}
	if got := asError(t, v.EventPayload("tick", json.RawMessage(`{"ts":"5"}`))).Error(); got != "invalid tick event payload: at /ts: must be integer" {
		t.Errorf("tick: %s", got)
	}
	if err := v.EventPayload("anything", json.RawMessage(`[1]`)); err != nil {
		t.Errorf("event without a payload schema: %v", err)
	}
	if err := v.EventPayload("nope", nil); !errors.Is(err, ErrUnknownEvent) {
		t.Errorf("unknown event: %v", err)
	}
	if err := v.Result("nope", nil); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("unknown method: %v", err)
	}
}

// TestErrorsExplainThemselves checks the behaviour-based tests callers
// can use instead of importing this package's error values.
func TestErrorsExplainThemselves(t *testing.T) {
	v := newTestValidator(t)
	_, err := v.Request([]byte("not json"))
	var notJSON interface{ NotJSON() bool }
	if !errors.As(err, &notJSON) || !notJSON.NotJSON() {
		t.Errorf("non-JSON error %v does not say NotJSON", err)
	}
	_, err = v.Request([]byte(`{"type":"req","id":"abc","method":"m","x":1}`))
	var withID interface{ FrameID() (string, bool) }
	if !errors.As(err, &withID) {
		t.Fatalf("frame error %v has no FrameID", err)
	}
	if id, ok := withID.FrameID(); id != "abc" || !ok {
		t.Errorf("FrameID = %q, %v", id, ok)
	}
	if errors.As(err, &notJSON) {
		t.Errorf("a validation error says NotJSON")
	}
}

func TestNumbersOutOfRange(t *testing.T) {
	v := newTestValidator(t)
	err := v.Params("kw.Open", json.RawMessage(`{"a":1e401}`))
	if got := asError(t, err).Error(); got != "invalid kw.Open params: number at offset 5 is out of range" {
		t.Errorf("huge exponent: %s", got)
	}
	if err := v.Params("kw.MinProperties", json.RawMessage(`{"a":1e400,"b":-1E-400,"c":1e0000000000000000000001}`)); err != nil {
		t.Errorf("exponents within range: %v", err)
	}
	long := strings.Repeat("9", maxNumberBytes+1)
	if got := asError(t, v.Params("kw.Open", json.RawMessage(`{"a":`+long+`}`))).Error(); got != "invalid kw.Open params: number at offset 5 is out of range" {
		t.Errorf("long mantissa: %s", got)
	}
	// The envelope does not look into params; Params does.
	frame := `{"type":"req","id":"9","method":"kw.Open","params":{"a":1e999}}`
	req, err := v.Request([]byte(frame))
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	if err := v.Params(req.Method, req.Params); err == nil {
		t.Error("params with a huge number accepted")
	}
	_, err = v.Request([]byte(`{"type":"req","id":"9","method":"m","x":1e999}`))
	got := asError(t, err)
	if got.Error() != "invalid request frame: number at offset 40 is out of range" || got.ID != "9" {
		t.Errorf("frame with a huge number: %s (frame id %q)", got.Error(), got.ID)
	}
}
