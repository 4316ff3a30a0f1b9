package validate

import (
	"github.com/gatewire/gatewire/runtime/wire"
)

// Request validates an inbound frame as a RequestFrame and returns it
// decoded. A frame that is not JSON fails with an error matching
// ErrNotJSON (the gateway closes 1000 before the handshake and ignores it
// after); JSON that is not a valid request frame fails with an *Error of
// SubjectRequestFrame, carrying the frame's id when it has one. Params are
// returned raw and are checked separately with Params.
func (v *Validator) Request(frame []byte) (*wire.Request, error) {
	doc, params, err := decodeFrame(frame, "params", v.skipParams)
	if isTooDeep(err) {
		return nil, tooDeepFrame(SubjectRequestFrame, frame)
	}
	obj, err := v.requestFrame.checkFrame(SubjectRequestFrame, doc, err)
	if err != nil {
		return nil, err
	}
	req, bad := requestFields(obj)
	if bad != nil {
		return nil, frameError(SubjectRequestFrame, obj, bad)
	}
	req.Params = params
	return req, nil
}

// Response validates a frame as a ResponseFrame (the envelope only; see
// Result for its payload).
func (v *Validator) Response(frame []byte) error {
	doc, err := decodeJSON(frame)
	_, err = v.responseFrame.checkFrame(SubjectResponseFrame, doc, err)
	return err
}

// Event validates a frame as an EventFrame (the envelope only; see
// EventPayload for its payload).
func (v *Validator) Event(frame []byte) error {
	doc, err := decodeJSON(frame)
	_, err = v.eventFrame.checkFrame(SubjectEventFrame, doc, err)
	return err
}

// checkFrame validates a decoded frame (and the error decoding it gave)
// and returns it as the object the frame schemas make it.
func (c *schemaCheck) checkFrame(subject Subject, doc any, decodeErr error) (map[string]any, error) {
	violations, err := c.checkDecoded(doc, decodeErr)
	if err != nil {
		return nil, err
	}
	obj, _ := doc.(map[string]any)
	if violations == nil && obj == nil {
		violations = []Violation{{Message: "must be object"}}
	}
	if violations != nil {
		return nil, frameError(subject, obj, violations)
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
	id, _ := obj["id"].(string)
	return &Error{Subject: subject, Violations: violations, ID: id}
}
