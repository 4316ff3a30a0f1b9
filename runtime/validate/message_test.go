package validate

import (
	"encoding/json"
	"testing"
)

// TestKeywordMessages checks AJV's wording for each keyword, and where the
// violation is reported.
func TestKeywordMessages(t *testing.T) {
	v := newTestValidator(t)
	cases := []struct {
		def, params, want string
	}{
		{"Type", `{"v":1}`, "at /v: must be string"},
		{"Types", `{"v":1}`, "at /v: must be null,string"},
		{"Integer", `{"v":1.5}`, "at /v: must be integer"},
		{"Type", `[]`, "must be object"},
		{"Const", `{"v":"off"}`, "at /v: must be equal to constant"},
		{"Enum", `{"v":"c"}`, "at /v: must be equal to one of the allowed values"},
		{"Required", `{}`, "must have required property 'a'; must have required property 'b'"},
		{"Closed", `{"a":1,"z":2,"y":3}`, "at root: unexpected property 'y'; at root: unexpected property 'z'"},
		{"Unevaluated", `{"a":1,"z":2}`, "at root: unexpected property 'z'"},
		{"MinLength", `{"v":"a"}`, "at /v: must NOT have fewer than 2 characters"},
		{"MaxLength", `{"v":"abcd"}`, "at /v: must NOT have more than 3 characters"},
		{"MaxLength", `{"v":"äöü"}`, ""},
		{"Minimum", `{"v":-1}`, "at /v: must be >= 0"},
		{"Maximum", `{"v":9007199254740992}`, "at /v: must be <= 9007199254740991"},
		{"Maximum", `{"v":9007199254740991}`, ""},
		{"ExclusiveMinimum", `{"v":0.5}`, "at /v: must be > 0.5"},
		{"ExclusiveMaximum", `{"v":10}`, "at /v: must be < 10"},
		{"MultipleOf", `{"v":7}`, "at /v: must be multiple of 5"},
		{"MinItems", `{"v":[]}`, "at /v: must NOT have fewer than 1 items"},
		{"MaxItems", `{"v":[1,2,3]}`, "at /v: must NOT have more than 2 items"},
		{"UniqueItems", `{"v":[1,2,1]}`, "at /v: must NOT have duplicate items (items ## 2 and 0 are identical)"},
		{"Items", `{"v":["a",2,"c",4]}`, "at /v/1: must be string; at /v/3: must be string"},
		{"Contains", `{"v":[2,3]}`, "at /v: must contain at least 1 valid item(s)"},
		{"MinProperties", `{}`, "must NOT have fewer than 1 properties"},
		{"MaxProperties", `{"a":1,"b":2}`, "must NOT have more than 1 properties"},
		{"Pattern", `{"v":"A"}`, `at /v: must match pattern "^[a-z]+$"`},
		{"Format", `{"v":"yesterday"}`, `at /v: must match format "date-time"`},
		{"Format", `{"v":"2026-05-07T10:00:00Z"}`, ""},
		{"OneOfNone", `{"v":true}`, "at /v: must be integer; at /v: must be string; at /v: must match exactly one schema in oneOf"},
		{"OneOfMany", `{"v":1}`, "at /v: must match exactly one schema in oneOf"},
		{"AnyOf", `{"v":"z"}`, "at /v: must be equal to constant; at /v: must match a schema in anyOf"},
		{"Not", `{"v":null}`, "at /v: must NOT be valid"},
		{"DependentRequired", `{"a":1,"b":2}`, "must have property c when property a is present"},
		{"DependentRequired", `{"a":1}`, "must have properties b, c when property a is present"},
		{"PropertyNames", `{"ok":1,"NO":2}`, "property name must be valid"},
		{"FalseSchema", `{"v":1}`, "at /v: boolean schema is false"},
		{"Nested", `{"list":[{"name":"a"},{"name":""},{"nom":"c"}]}`,
			"at /list/1/name: must NOT have fewer than 1 characters; at /list/2: must have required property 'name'; at /list/2: unexpected property 'nom'"},
		{"Escaped", `{"a/b~c":1}`, "at /a~1b~0c: must be string"},
		{"Open", `{"a":1,"b":"x"}`, "at /b: must be integer"},
		{"PatternProperties", `{"x-a":"s","y":1}`, "at root: unexpected property 'y'; at /x-a: must be integer"},
		{"PrefixItems", `{"v":["a","b"]}`, "at /v/1: must be integer"},
		{"IfThenElse", `{"v":"a"}`, "at /v: must NOT have fewer than 2 characters"},
		{"IfThenElse", `{"v":true}`, "at /v: must be integer"},
		{"AllOf", `{"v":2}`, "at /v: must be >= 3"},
		{"NullableRef", `{"v":""}`, "at /v: must NOT have fewer than 1 characters; at /v: must be null; at /v: must match a schema in anyOf"},
		{"NullableRef", `{"v":null}`, ""},
		{"Tree", `{"name":"r","children":[{"name":"c","children":[{"nom":1}]}]}`,
			"at /children/0/children/0: must have required property 'name'; at /children/0/children/0: unexpected property 'nom'"},
	}
	for _, tc := range cases {
		t.Run(tc.def, func(t *testing.T) {
			err := v.Params("kw."+tc.def, json.RawMessage(tc.params))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Params(%s) = %v, want valid", tc.params, err)
				}
				return
			}
			got := asError(t, err)
			if got.Details() != tc.want {
				t.Errorf("Params(%s) details\n got: %s\nwant: %s", tc.params, got.Details(), tc.want)
			}
		})
	}
}

// TestBigIntegersAreExact checks that integers beyond float64 precision
// are judged exactly.
func TestBigIntegersAreExact(t *testing.T) {
	v := newTestValidator(t)
	if err := v.Params("kw.Integer", json.RawMessage(`{"v":123456789012345678901234567890}`)); err != nil {
		t.Errorf("big integer rejected: %v", err)
	}
	if err := v.Params("kw.Integer", json.RawMessage(`{"v":123456789012345678901234567890.5}`)); err == nil {
		t.Error("big non-integer accepted as integer")
	}
	if err := v.Params("kw.Maximum", json.RawMessage(`{"v":9007199254740993}`)); err == nil {
		t.Error("2^53+1 accepted under a maximum of 2^53-1")
	}
}
