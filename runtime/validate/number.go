package validate

import "encoding/json"

// Numbers beyond these limits are refused: checking them exactly against a
// schema (integer, minimum, …) costs time that grows with their size, and
// no client sends them (JavaScript reads them as Infinity or 0).
const (
	maxNumberBytes    = 1000
	maxNumberExponent = 400
)

// number parses -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? .
func (d *decoder) number(build bool) (any, error) {
	start := d.pos
	if d.peek() == '-' {
		d.pos++
	}
	switch c := d.peek(); {
	case c == '0':
		d.pos++
	case c >= '1' && c <= '9':
		d.digits()
	default:
		return nil, d.syntaxError("in numeric literal")
	}
	if d.peek() == '.' {
		d.pos++
		if !d.digits() {
			return nil, d.syntaxError("after decimal point in numeric literal")
		}
	}
	exponent := 0
	if c := d.peek(); c == 'e' || c == 'E' {
		d.pos++
		if c := d.peek(); c == '+' || c == '-' {
			d.pos++
		}
		digitsStart := d.pos
		if !d.digits() {
			return nil, d.syntaxError("in exponent of numeric literal")
		}
		exponent = exponentMagnitude(d.data[digitsStart:d.pos])
	}
	if !build {
		return nil, nil
	}
	if (d.pos-start > maxNumberBytes || exponent > maxNumberExponent) && d.badNumber == 0 {
		d.badNumber = start + 1
	}
	return json.Number(d.store(d.data[start:d.pos])), nil
}

// exponentMagnitude reads exponent digits, saturating above
// maxNumberExponent.
func exponentMagnitude(digits []byte) int {
	e := 0
	for _, c := range digits {
		e = e*10 + int(c-'0')
		if e > maxNumberExponent {
			return maxNumberExponent + 1
		}
	}
	return e
}

// digits skips [0-9]* and reports whether there was at least one.
func (d *decoder) digits() bool {
	start := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos > start
}
