package validate

import "fmt"

// SyntaxError is input that is not JSON. It matches ErrNotJSON with
// errors.Is.
type SyntaxError struct {
	// Offset is the byte offset where parsing failed.
	Offset int
	msg    string
}

// Error returns "not JSON: <what> at offset <n>".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%v: %s at offset %d", ErrNotJSON, e.msg, e.Offset)
}

// Is makes errors.Is(err, ErrNotJSON) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrNotJSON }

// NotJSON reports true: the input was not JSON at all (for callers that
// test errors by behaviour rather than by value).
func (e *SyntaxError) NotJSON() bool { return true }

// fail reports input that is not JSON, at the current offset.
func (d *decoder) fail(msg string) error {
	return &SyntaxError{Offset: d.pos, msg: msg}
}

// numberRangeError reports a number longer than maxNumberBytes or with an
// exponent beyond maxNumberExponent. The document is JSON; the error
// becomes a violation of its own.
type numberRangeError struct {
	offset int
}

func (e *numberRangeError) Error() string {
	return fmt.Sprintf("number at offset %d is out of range", e.offset)
}

// syntaxError reports an unexpected byte (or the end of input) at the
// current offset.
func (d *decoder) syntaxError(context string) error {
	if d.pos >= len(d.data) {
		return d.fail("unexpected end of input")
	}
	return d.fail(fmt.Sprintf("invalid character %q %s", d.data[d.pos], context))
}
