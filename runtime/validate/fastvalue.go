package validate

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
)

// typeMask is a set of JSON Schema types.
type typeMask uint8

const (
	maskNull typeMask = 1 << iota
	maskBoolean
	maskNumber
	maskInteger
	maskString
	maskArray
	maskObject
)

var typeMasks = map[string]typeMask{
	"null": maskNull, "boolean": maskBoolean, "number": maskNumber, "integer": maskInteger,
	"string": maskString, "array": maskArray, "object": maskObject,
}

func typeMaskOf(names []string) typeMask {
	var m typeMask
	for _, name := range names {
		m |= typeMasks[name]
	}
	return m
}

// matches reports whether v has one of the types; "integer" admits any
// number with an integral value, "number" admits integers.
func (m typeMask) matches(v any) bool {
	switch v := v.(type) {
	case nil:
		return m&maskNull != 0
	case bool:
		return m&maskBoolean != 0
	case string:
		return m&maskString != 0
	case []any:
		return m&maskArray != 0
	case map[string]any:
		return m&maskObject != 0
	case json.Number:
		return m&maskNumber != 0 || m&maskInteger != 0 && isIntegral(v)
	}
	return false
}

// plainInt parses a number written as a plain integer that fits in int64.
func plainInt(n json.Number) (int64, bool) {
	if strings.ContainsAny(string(n), ".eE") {
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	return i, err == nil
}

// ratOf returns n's exact value.
func ratOf(n json.Number) (*big.Rat, bool) {
	return new(big.Rat).SetString(string(n))
}

func isIntegral(n json.Number) bool {
	if !strings.ContainsAny(string(n), ".eE") {
		return true
	}
	r, ok := ratOf(n)
	return ok && r.IsInt()
}

// compareNumber compares n with a bound, exactly.
func compareNumber(n json.Number, b *bound) (int, bool) {
	if b.isInt {
		if i, ok := plainInt(n); ok {
			switch {
			case i < b.i:
				return -1, true
			case i > b.i:
				return 1, true
			}
			return 0, true
		}
	}
	r, ok := ratOf(n)
	if !ok {
		return 0, false
	}
	return r.Cmp(b.rat), true
}

// bound is a numeric limit of a schema, with an int64 form when it has one.
type bound struct {
	rat   *big.Rat
	i     int64
	isInt bool
}

func boundOf(r *big.Rat) *bound {
	if r == nil {
		return nil
	}
	b := &bound{rat: r}
	if r.IsInt() && r.Num().IsInt64() {
		b.i, b.isInt = r.Num().Int64(), true
	}
	return b
}

// Comparisons a bound can demand.
const (
	atLeast = iota
	atMost
	above
	below
)

// allows reports whether n satisfies the bound in the sense of rule; a nil
// bound allows everything.
func (b *bound) allows(n json.Number, rule int) bool {
	if b == nil {
		return true
	}
	c, ok := compareNumber(n, b)
	if !ok {
		return false
	}
	switch rule {
	case atLeast:
		return c >= 0
	case atMost:
		return c <= 0
	case above:
		return c > 0
	default:
		return c < 0
	}
}

func isMultipleOf(n json.Number, divisor *big.Rat) bool {
	if divisor == nil {
		return true
	}
	r, ok := ratOf(n)
	return ok && new(big.Rat).Quo(r, divisor).IsInt()
}

// jsonEqual is JSON value equality: numbers by value, objects and arrays
// member by member.
func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		other, ok := b.(bool)
		return ok && a == other
	case string:
		other, ok := b.(string)
		return ok && a == other
	case json.Number:
		other, ok := b.(json.Number)
		return ok && numbersEqual(a, other)
	case []any:
		other, ok := b.([]any)
		return ok && arraysEqual(a, other)
	case map[string]any:
		other, ok := b.(map[string]any)
		return ok && objectsEqual(a, other)
	}
	return false
}

func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	ra, okA := ratOf(a)
	rb, okB := ratOf(b)
	return okA && okB && ra.Cmp(rb) == 0
}

func arraysEqual(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !jsonEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

func objectsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		vb, ok := b[k]
		if !ok || !jsonEqual(va, vb) {
			return false
		}
	}
	return true
}

func inEnum(v any, values []any) bool {
	for _, allowed := range values {
		if jsonEqual(v, allowed) {
			return true
		}
	}
	return false
}

func hasDuplicates(arr []any) bool {
	for i := 1; i < len(arr); i++ {
		for j := range i {
			if jsonEqual(arr[i], arr[j]) {
				return true
			}
		}
	}
	return false
}
