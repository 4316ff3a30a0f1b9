package validate

import (
	"errors"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaCheck is one compiled schema with its fast path.
type schemaCheck struct {
	schema *jsonschema.Schema
	fast   *fastNode // nil when the schema uses keywords the fast path skips
}

func newSchemaCheck(s *jsonschema.Schema, fc *fastCompiler) *schemaCheck {
	return &schemaCheck{schema: s, fast: fc.compile(s)}
}

// checkDecoded returns the violations of a decoded document, given the
// error decoding it gave: a number out of range is a violation of its
// own; input that is not JSON is returned as the error.
func (c *schemaCheck) checkDecoded(doc any, decodeErr error) ([]Violation, error) {
	if decodeErr != nil {
		var outOfRange *numberRangeError
		if !errors.As(decodeErr, &outOfRange) {
			return nil, decodeErr
		}
		return []Violation{{Message: outOfRange.Error()}}, nil
	}
	return c.violations(doc), nil
}

// violations validates doc; nil means valid. Valid documents are confirmed
// by the fast path when it can; everything else goes to the library, which
// explains what is wrong.
func (c *schemaCheck) violations(doc any) []Violation {
	if c.fast != nil && c.fast.valid(doc) {
		return nil
	}
	err := c.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []Violation{{Message: err.Error()}}
	}
	return violationsOf(verr)
}
