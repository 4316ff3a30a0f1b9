package wire

import "fmt"

// Error codes of the protocol's top-level error registry. Authorization
// failures are reported as CodeInvalidRequest in v3 and as CodeForbidden
// in v4 (the manifest's protocols.authorizationError).
const (
	CodeNotLinked        = "NOT_LINKED"
	CodeNotPaired        = "NOT_PAIRED"
	CodeAgentTimeout     = "AGENT_TIMEOUT"
	CodeInvalidRequest   = "INVALID_REQUEST"
	CodeApprovalNotFound = "APPROVAL_NOT_FOUND"
	CodeUnavailable      = "UNAVAILABLE"
	CodeForbidden        = "FORBIDDEN"
)

// Error is the ErrorShape carried by a failed response frame. It implements
// the error interface so handlers can return it directly; any other error a
// handler returns is reported as CodeUnavailable with the error's text.
type Error struct {
	// Code is one of the registry codes, e.g. CodeInvalidRequest.
	Code string `json:"code"`
	// Message is a human-readable, non-empty description.
	Message string `json:"message"`
	// Details carries structured, code-specific data (may be nil).
	Details any `json:"details,omitempty"`
	// Retryable tells the client that the same request may succeed later.
	Retryable *bool `json:"retryable,omitempty"`
	// RetryAfterMs suggests how long to wait before retrying.
	RetryAfterMs *int64 `json:"retryAfterMs,omitempty"`
}

// Error returns "CODE: message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidRequest returns a CodeInvalidRequest error with a formatted message.
func InvalidRequest(format string, args ...any) *Error {
	return Errorf(CodeInvalidRequest, format, args...)
}

// Unavailable returns a CodeUnavailable error with a formatted message.
func Unavailable(format string, args ...any) *Error {
	return Errorf(CodeUnavailable, format, args...)
}

// WithDetails sets Details and returns e.
func (e *Error) WithDetails(details any) *Error {
	e.Details = details
	return e
}

// WithRetry marks e retryable after the given delay in milliseconds.
func (e *Error) WithRetry(afterMs int64) *Error {
	yes := true
	e.Retryable = &yes
	e.RetryAfterMs = &afterMs
	return e
}
