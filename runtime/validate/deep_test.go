package validate

import (
	"errors"
	"strings"
	"testing"
)

func nest(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }

func TestARequestNestedTooDeepIsAnInvalidFrameWithItsID(t *testing.T) {
	v := newTestValidator(t)
	cases := []struct{ name, frame, id, pointer string }{
		{"id first", `{"type":"req","id":"a","method":"health","params":` + nest(maxDepth+1) + `}`, "a", "/params"},
		{"id last", `{"params":{"x":` + nest(maxDepth+1) + `},"method":"health","type":"req","id":"b\"q"}`, `b"q`, "/params"},
		{"strings with brackets", `{"id":"[{","extra":["]]]",` + nest(maxDepth+1) + `]}`, "[{", "/extra"},
		{"no id", nest(maxDepth + 1), "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Request([]byte(tc.frame))
			var e *Error
			if !errors.As(err, &e) || errors.Is(err, ErrNotJSON) {
				t.Fatalf("err %v, want a frame error", err)
			}
			if e.ID != tc.id || len(e.Violations) != 1 || e.Violations[0].Pointer != tc.pointer || e.Violations[0].Message != tooDeepMessage {
				t.Fatalf("got id %q, violations %+v", e.ID, e.Violations)
			}
		})
	}
}

func TestADeepFrameThatIsNotJSONStaysNotJSON(t *testing.T) {
	v := newTestValidator(t)
	deep := nest(maxDepth + 1)
	for _, frame := range []string{
		`{"id":"a","params":` + deep[:len(deep)-1] + `}`, // unbalanced
		`{"id":"a","params":` + deep + `} trailing`,
		`{"id":"a","params":` + deep + `,"s":"unterminated`,
	} {
		if _, err := v.Request([]byte(frame)); !errors.Is(err, ErrNotJSON) {
			t.Errorf("err %v, want ErrNotJSON", err)
		}
	}
}
