package validate

import (
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Request validates an inbound frame as a RequestFrame and returns it
// decoded. A frame that is not JSON fails with an error matching
// ErrNotJSON (the gateway closes 1000 before the handshake and ignores it
// after); JSON that is not a valid request frame fails with an *Error of
// SubjectRequestFrame, carrying the frame's id when it has one. Params are
// returned raw and are checked separately with Params.
func (v *Validator) Request(frame []byte) (*wire.Request, error) {
	obj, err := v.checkFrame(v.requestFrame, SubjectRequestFrame, frame)
	if err != nil {
		return nil, err
	}
	req, bad := requestFields(obj)
	if bad != nil {
		return nil, frameError(SubjectRequestFrame, obj, bad)
	}
	if params, ok := rawField(frame, "params"); ok {
		req.Params = params
	}
	return req, nil
}

// Response validates a frame as a ResponseFrame (the envelope only; see
// Result for its payload).
func (v *Validator) Response(frame []byte) error {
	_, err := v.checkFrame(v.responseFrame, SubjectResponseFrame, frame)
	return err
}

// Event validates a frame as an EventFrame (the envelope only; see
// EventPayload for its payload).
func (v *Validator) Event(frame []byte) error {
	_, err := v.checkFrame(v.eventFrame, SubjectEventFrame, frame)
	return err
}

// checkFrame decodes frame and validates it against s; it returns the
// decoded frame, which the schemas make an object.
func (v *Validator) checkFrame(s *jsonschema.Schema, subject Subject, frame []byte) (map[string]any, error) {
	doc, err := decodeJSON(frame)
	if err != nil {
		return nil, err
	}
	obj, _ := doc.(map[string]any)
	if violations := check(s, doc); violations != nil {
		return nil, frameError(subject, obj, violations)
	}
	if obj == nil {
		return nil, frameError(subject, nil, []Violation{{Message: "must be object"}})
	}
	return obj, nil
}

// requestFields reads the envelope fields the runtime relies on. The
// schema normally guarantees them; they are checked again so that a lax
// schema can never hand the runtime a frame it cannot route.
func requestFields(obj map[string]any) (*wire.Request, []Violation) {
	var bad []Violation
	req := &wire.Request{}
	req.Type, bad = stringMember(obj, "type", bad)
	req.ID, bad = stringMember(obj, "id", bad)
	req.Method, bad = stringMember(obj, "method", bad)
	if len(bad) == 0 && req.Type != wire.TypeRequest {
		bad = append(bad, Violation{Pointer: "/type", Message: "must be equal to constant"})
	}
	return req, bad
}

func stringMember(obj map[string]any, name string, bad []Violation) (string, []Violation) {
	raw, present := obj[name]
	if !present {
		return "", append(bad, Violation{Message: "must have required property " + quoted(name)})
	}
	s, ok := raw.(string)
	if !ok || s == "" {
		return "", append(bad, Violation{Pointer: "/" + name, Message: "must be non-empty string"})
	}
	return s, bad
}

// frameError builds the error of an invalid frame, keeping its id when it
// has a non-empty string one.
func frameError(subject Subject, obj map[string]any, violations []Violation) *Error {
	e := &Error{Subject: subject, Violations: violations}
	if id, ok := obj["id"].(string); ok && id != "" {
		e.ID, e.HasID = id, true
	}
	return e
}
