package rpc

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

// ParamsDecodeError is params that passed schema validation but do not
// fit the Go type they decode into: JSON Schema's "integer" admits 2.0
// and 1e308, which an int64 field cannot hold. Its message is worded like
// a schema violation ("at /limit: must be integer"), never as Go's
// decoder's ("cannot unmarshal … into Go struct field …"), so that it
// reads like every other "invalid <method> params: …" reply.
type ParamsDecodeError struct {
	// Pointer is the JSON pointer of the value (array indices are not
	// known and left out).
	Pointer string
	// Message says what the value must be.
	Message string
}

// Error returns "at <pointer>: <message>".
func (e *ParamsDecodeError) Error() string {
	at := e.Pointer
	if at == "" {
		at = "root"
	}
	return "at " + at + ": " + e.Message
}

// decodeError rewords a decode error of params; errors other than a type
// mismatch are returned as they are.
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	pointer := ""
	if te.Field != "" {
		pointer = "/" + strings.ReplaceAll(te.Field, ".", "/")
	}
	return &ParamsDecodeError{Pointer: pointer, Message: mustBe(te)}
}

// mustBe says what a value that did not fit te.Type must be.
func mustBe(te *json.UnmarshalTypeError) string {
	literal, isNumber := strings.CutPrefix(te.Value, "number ")
	switch te.Type.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := te.Type.Bits()
		return integerMessage(literal, isNumber, -1<<(bits-1), 1<<(bits-1)-1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		max := uint64(math.MaxUint64) >> (64 - te.Type.Bits())
		return integerMessage(literal, isNumber, 0, max)
	case reflect.Float32, reflect.Float64:
		return "must be number"
	case reflect.String:
		return "must be string"
	case reflect.Bool:
		return "must be boolean"
	case reflect.Slice, reflect.Array:
		return "must be array"
	case reflect.Map, reflect.Struct:
		return "must be object"
	}
	return "must be " + te.Type.String()
}

// integerMessage says why a number does not fit an integer field that
// holds min..max (max given as any integer type).
func integerMessage[M int | uint64](literal string, isNumber bool, min int, max M) string {
	if !isNumber {
		return "must be integer"
	}
	v, ok := new(big.Float).SetString(literal)
	if !ok || !v.IsInt() {
		return "must be integer"
	}
	if v.Cmp(new(big.Float).SetInt64(int64(min))) < 0 {
		return "must be >= " + strconv.Itoa(min)
	}
	if v.Cmp(new(big.Float).SetUint64(uint64(max))) > 0 {
		return "must be <= " + strconv.FormatUint(uint64(max), 10)
	}
	return "must be integer written without a fraction or exponent"
}
