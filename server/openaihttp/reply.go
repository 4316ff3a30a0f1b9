package openaihttp

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// apiError is the body of an error reply: {"error":{"message","type"}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

// apiErrorBody is an OpenAI-style error.
type apiErrorBody struct {
	Message string `json:"message"`
	Type    string `json:"type"`
}

// The error types v3 answers with.
const (
	errInvalidRequest = "invalid_request_error"
	errAPI            = "api_error"
)

// sendJSON writes a JSON reply.
func sendJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
}

// sendText writes a plain-text reply.
func sendText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// sendError writes an error reply of the given type.
func sendError(w http.ResponseWriter, status int, typ, message string) {
	sendJSON(w, status, apiError{Error: apiErrorBody{Message: message, Type: typ}})
}

// invalid writes a 400 invalid_request_error.
func invalid(w http.ResponseWriter, message string) {
	sendError(w, http.StatusBadRequest, errInvalidRequest, message)
}

// readBody reads a JSON request body of at most maxBodyBytes into out
// (an empty body is {}), answering 413 or 400 itself when it cannot.
func readBody(w http.ResponseWriter, r *http.Request, out any) bool {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		sendError(w, http.StatusRequestEntityTooLarge, errInvalidRequest, "Payload too large")
		return false
	case err != nil:
		invalid(w, "request body unreadable: "+err.Error())
		return false
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		text = "{}"
	}
	if err := json.Unmarshal([]byte(text), out); err != nil {
		invalid(w, jsonProblem(err))
		return false
	}
	return true
}

// jsonProblem words a body that does not decode: the parser's message
// with a capital, as v3 passes JSON.parse's on ("Unexpected end of JSON
// input").
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return te.Field + ": Invalid input: expected " + te.Type.Kind().String() + ", received " + te.Value
		}
		return "Invalid input: expected object, received " + te.Value
	}
	msg := err.Error()
	if msg == "" {
		return "Invalid request body"
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}
