package validate

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Params validates a request's params against the method's params schema.
// Absent params (and an explicit null, which a handler receives the same
// way) validate as {}. It fails with ErrUnknownMethod for a method the
// manifest does not declare, with ErrNotJSON for bytes that are not JSON,
// and with an *Error of SubjectParams whose text is "invalid <method>
// params: …".
func (v *Validator) Params(method string, params json.RawMessage) error {
	s, ok := v.params[method]
	if !ok {
		return fmt.Errorf("validate %q params: %w", method, ErrUnknownMethod)
	}
	var doc any = map[string]any{}
	if !isAbsent(params) {
		var err error
		if doc, err = decodeJSON(params); err != nil {
			return fmt.Errorf("validate %s params: %w", method, err)
		}
	}
	return payloadError(SubjectParams, method, check(s, doc))
}

// Result validates a response payload against the method's result schema.
// Absent payload validates as null. A method without a result schema
// accepts any payload.
func (v *Validator) Result(method string, payload json.RawMessage) error {
	if _, ok := v.params[method]; !ok {
		return fmt.Errorf("validate %q result: %w", method, ErrUnknownMethod)
	}
	return checkPayload(v.results[method], SubjectResult, method, payload)
}

// EventPayload validates an event's payload against the event's payload
// schema. Absent payload validates as null. An event without a payload
// schema accepts any payload.
func (v *Validator) EventPayload(event string, payload json.RawMessage) error {
	s, ok := v.events[event]
	if !ok {
		return fmt.Errorf("validate %q event payload: %w", event, ErrUnknownEvent)
	}
	return checkPayload(s, SubjectEventPayload, event, payload)
}

func checkPayload(s *jsonschema.Schema, subject Subject, name string, payload json.RawMessage) error {
	if s == nil {
		return nil
	}
	var doc any
	if len(bytes.TrimSpace(payload)) > 0 {
		var err error
		if doc, err = decodeJSON(payload); err != nil {
			return fmt.Errorf("validate %s payload: %w", name, err)
		}
	}
	return payloadError(subject, name, check(s, doc))
}

func payloadError(subject Subject, name string, violations []Violation) error {
	if violations == nil {
		return nil
	}
	return &Error{Subject: subject, Name: name, Violations: violations}
}

// isAbsent reports whether raw params stand for "no params": empty or null.
func isAbsent(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}
