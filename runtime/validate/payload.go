package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Params validates a request's params against the method's params schema.
// Absent params (and an explicit null, which a handler receives the same
// way) validate as {}. It fails with ErrUnknownMethod for a method the
// manifest does not declare, with ErrNotJSON for bytes that are not JSON,
// and with an *Error of SubjectParams whose text is "invalid <method>
// params: …".
func (v *Validator) Params(method string, params json.RawMessage) error {
	c, ok := v.params[method]
	if !ok {
		return fmt.Errorf("validate %q params: %w", method, ErrUnknownMethod)
	}
	var doc any = map[string]any{}
	var decodeErr error
	if !isAbsent(params) {
		doc, decodeErr = decodeJSON(params)
	}
	return c.checkPayload(SubjectParams, method, doc, decodeErr)
}

// Result validates a response payload against the method's result schema.
// Absent payload validates as null. A method without a result schema
// accepts any payload.
func (v *Validator) Result(method string, payload json.RawMessage) error {
	if _, ok := v.params[method]; !ok {
		return fmt.Errorf("validate %q result: %w", method, ErrUnknownMethod)
	}
	return v.results[method].checkRaw(SubjectResult, method, payload)
}

// EventPayload validates an event's payload against the event's payload
// schema. Absent payload validates as null. An event without a payload
// schema accepts any payload.
func (v *Validator) EventPayload(event string, payload json.RawMessage) error {
	c, ok := v.events[event]
	if !ok {
		return fmt.Errorf("validate %q event payload: %w", event, ErrUnknownEvent)
	}
	return c.checkRaw(SubjectEventPayload, event, payload)
}

// checkRaw decodes and checks an outbound payload; a nil check accepts
// anything.
func (c *schemaCheck) checkRaw(subject Subject, name string, payload json.RawMessage) error {
	if c == nil {
		return nil
	}
	var doc any
	var decodeErr error
	if len(bytes.TrimSpace(payload)) > 0 {
		doc, decodeErr = decodeJSON(payload)
	}
	return c.checkPayload(subject, name, doc, decodeErr)
}

func (c *schemaCheck) checkPayload(subject Subject, name string, doc any, decodeErr error) error {
	violations, err := c.checkDecoded(doc, decodeErr)
	if err != nil {
		return fmt.Errorf("validate %s: %w", name, err)
	}
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
