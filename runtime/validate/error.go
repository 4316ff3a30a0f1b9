package validate

import (
	"errors"
	"strings"
)

// ErrNotJSON reports a frame (or params) that is not a single JSON value.
// Test for it with errors.Is; the error itself is a *SyntaxError.
var ErrNotJSON = errors.New("not JSON")

// ErrUnknownMethod and ErrUnknownEvent report a name the manifest does not
// declare. Test for them with errors.Is.
var (
	ErrUnknownMethod = errors.New("unknown method")
	ErrUnknownEvent  = errors.New("unknown event")
)

// Subject says what a failed validation was checking; it picks the wording
// of Error.Error.
type Subject int

// Subjects of a validation.
const (
	SubjectRequestFrame  Subject = iota + 1 // a frame checked as a RequestFrame
	SubjectResponseFrame                    // a frame checked as a ResponseFrame
	SubjectEventFrame                       // a frame checked as an EventFrame
	SubjectParams                           // a request's params; Error.Name is the method
	SubjectResult                           // a response payload; Error.Name is the method
	SubjectEventPayload                     // an event payload; Error.Name is the event
)

// Error is a failed validation: what was checked and every violation found,
// ordered by location.
type Error struct {
	// Subject says what was validated.
	Subject Subject
	// Name is the method (params, result) or event (payload) name.
	Name string
	// Violations lists every failed constraint, ordered by Pointer, without
	// duplicates. It is never empty.
	Violations []Violation
	// ID is the frame's id when it has a non-empty string one (frame
	// subjects only), so that the reply to an invalid request frame can
	// carry it; empty otherwise.
	ID string
}

// Error returns the protocol v3 text, e.g. "invalid request frame: at root:
// unexpected property 'extra'" or "invalid connect params: at /client/id:
// must be equal to one of the allowed values".
func (e *Error) Error() string {
	return e.prefix() + ": " + e.Details()
}

// Details returns the violations the way v3 lists them: entries joined with
// "; ", at most maxEntries of them followed by "…" when there are more.
func (e *Error) Details() string {
	var b strings.Builder
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == maxEntries {
			b.WriteString("…")
			break
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// FrameID returns the frame's id and whether it has a non-empty string
// one; the gateway answers an invalid request frame under this id, or
// under "invalid" when there is none.
func (e *Error) FrameID() (string, bool) { return e.ID, e.ID != "" }

// FramePointer returns the location of v relative to the whole frame:
// params violations are prefixed with "/params", result and event payload
// violations with "/payload".
func (e *Error) FramePointer(v Violation) string {
	switch e.Subject {
	case SubjectParams:
		return "/params" + v.Pointer
	case SubjectResult, SubjectEventPayload:
		return "/payload" + v.Pointer
	default:
		return v.Pointer
	}
}

func (e *Error) prefix() string {
	switch e.Subject {
	case SubjectRequestFrame:
		return "invalid request frame"
	case SubjectResponseFrame:
		return "invalid response frame"
	case SubjectEventFrame:
		return "invalid event frame"
	case SubjectParams:
		return "invalid " + e.Name + " params"
	case SubjectResult:
		return "invalid " + e.Name + " result"
	case SubjectEventPayload:
		return "invalid " + e.Name + " event payload"
	default:
		return "invalid value"
	}
}
