package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// The user-facing texts of the OpenClaw v3 gateway for provider failures (agent reference §1).
const (
	textSchemaRejected = "LLM request failed: provider rejected the request schema or tool payload."
	textTimedOut       = "LLM request timed out."
	textUnknown        = "LLM request failed with an unknown error."
	textMalformed      = "LLM streaming response contained a malformed fragment. Please try again."
	textAborted        = "LLM request aborted."
)

// Error is a failed turn. Error() is the text OpenClaw v3 shows for the same failure; Status is the provider's
// HTTP status (0 when the failure was not an HTTP error reply), ProviderMessage what the provider said, and
// Cause the underlying error (for logs; it may name the URL, never the key).
type Error struct {
	Status          int
	ProviderMessage string
	Text            string
	Cause           error
}

// Error returns the v3 text.
func (e *Error) Error() string { return e.Text }

// Unwrap returns the cause, so errors.Is(err, context.Canceled) holds for an aborted turn.
func (e *Error) Unwrap() error { return e.Cause }

// httpFailure is an HTTP error reply of a provider, extracted from an SDK error.
type httpFailure struct {
	status  int
	body    string
	header  http.Header
	message string
}

// newHTTPFailure builds an httpFailure from an SDK error's status, reply and raw body.
func newHTTPFailure(status int, res *http.Response, body string) *httpFailure {
	f := &httpFailure{status: status, body: body, message: providerMessage(body)}
	if res != nil {
		f.header = res.Header
	}
	if f.message == "" {
		f.message = http.StatusText(status)
	}
	if f.message == "" {
		f.message = textUnknown
	}
	return f
}

// retryable reports whether the reply is worth another attempt: 429 and 5xx, never another 4xx.
func (f *httpFailure) retryable() bool {
	return f.status == http.StatusTooManyRequests || f.status >= 500
}

// providerMessage pulls error.message (OpenAI and Anthropic) or message out of an error body.
func providerMessage(body string) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal([]byte(body), &v) != nil {
		return strings.TrimSpace(body)
	}
	var inner struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(v.Error, &inner) == nil && inner.Message != "" {
		return inner.Message
	}
	var s string
	if json.Unmarshal(v.Error, &s) == nil && s != "" {
		return s
	}
	return v.Message
}

// httpError turns an HTTP error reply into an *Error with v3's text: 400 and 422 are a rejected request,
// 429 and 5xx (after the retries) a failover error, any other status "HTTP <status>: <message>".
func httpError(f *httpFailure, cause error) *Error {
	e := &Error{Status: f.status, ProviderMessage: f.message, Cause: cause}
	switch {
	case f.status == http.StatusBadRequest || f.status == http.StatusUnprocessableEntity:
		e.Text = textSchemaRejected
	case f.retryable():
		e.Text = fmt.Sprintf("FailoverError: %d %s", f.status, f.message)
	default:
		e.Text = fmt.Sprintf("HTTP %d: %s", f.status, f.message)
	}
	return e
}

// abortedError is the error of a turn whose context was cancelled.
func abortedError(cause error) *Error {
	return &Error{Text: textAborted, Cause: cause}
}

// timeoutError is the error of an attempt that ran past its timeout.
func timeoutError(cause error) *Error {
	return &Error{Text: textTimedOut, Cause: cause}
}

// otherError is the error of a failure that is neither an HTTP reply nor a timeout: a transport error, a
// malformed stream, or an error event inside the stream.
func otherError(cause error) *Error {
	if cause == nil {
		return &Error{Text: textUnknown}
	}
	var syn *json.SyntaxError
	if errors.As(cause, &syn) {
		return &Error{Text: textMalformed, Cause: cause}
	}
	if errors.Is(cause, context.DeadlineExceeded) {
		return timeoutError(cause)
	}
	if text := transportText(cause); text != "" {
		return &Error{Text: text, Cause: cause}
	}
	return &Error{Text: cause.Error(), Cause: cause}
}

// requestError is the error of a request that could not be built (a caller's mistake, caught before sending).
func requestError(cause error) *Error {
	return &Error{Text: cause.Error(), Cause: cause}
}

// streamError is an error the provider reported inside a stream (an SSE error event or a failed response).
type streamError struct{ message string }

// Error returns the provider's message.
func (e *streamError) Error() string { return e.message }
