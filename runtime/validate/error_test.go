package validate

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetailsCapsEntries(t *testing.T) {
	v := newTestValidator(t)
	var b strings.Builder
	b.WriteString(`{"v":[`)
	for i := range 30 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, i)
	}
	b.WriteString(`]}`)
	got := asError(t, v.Params("kw.Items", json.RawMessage(b.String())))
	if len(got.Violations) != 30 {
		t.Fatalf("got %d violations, want 30", len(got.Violations))
	}
	entries := strings.Split(got.Details(), "; ")
	if len(entries) != maxEntries+1 || entries[maxEntries] != "…" {
		t.Fatalf("details has %d entries, last %q; want %d and a final …", len(entries), entries[len(entries)-1], maxEntries+1)
	}
	// Indexes sort numerically: /v/2 before /v/10.
	if entries[2] != "at /v/2: must be string" || entries[10] != "at /v/10: must be string" {
		t.Errorf("entries out of order: %q", entries[:11])
	}
}

func TestLongEntriesAreCut(t *testing.T) {
	v := newTestValidator(t)
	name := strings.Repeat("ü", 500)
	got := asError(t, v.Params("kw.Closed", json.RawMessage(`{"`+name+`":1}`)))
	details := got.Details()
	if len(details) > maxEntryBytes || !strings.HasSuffix(details, "…") || !utf8.ValidString(details) {
		t.Errorf("entry of %d bytes not cut cleanly: %q…", len(details), details[:40])
	}
	if got.Violations[0].Property != name {
		t.Error("the violation lost the full property name")
	}
}

func TestDuplicatesAreDropped(t *testing.T) {
	v := newTestValidator(t)
	// Both anyOf branches fail with the same message at the same place:
	// it is reported once, followed by the anyOf itself (as AJV does).
	got := asError(t, v.Params("kw.AnyOf", json.RawMessage(`{"v":1}`)))
	if len(got.Violations) != 2 || got.Details() != "at /v: must be equal to constant; at /v: must match a schema in anyOf" {
		t.Errorf("violations = %+v, want the branch's and the anyOf's", got.Violations)
	}
}

func TestOrderIsDeterministic(t *testing.T) {
	v := newTestValidator(t)
	params := json.RawMessage(`{"z":1,"y":1,"x":1,"w":1,"a":1,"v":1,"u":1}`)
	first := asError(t, v.Params("kw.Closed", params)).Error()
	for range 50 {
		if again := asError(t, v.Params("kw.Closed", params)).Error(); again != first {
			t.Fatalf("text changed between runs:\n%s\n%s", first, again)
		}
	}
}

func TestComparePointers(t *testing.T) {
	ordered := []string{"", "/a", "/a/2", "/a/10", "/a/b", "/a0", "/b"}
	for i := range ordered {
		for j := range ordered {
			got := comparePointers(ordered[i], ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("comparePointers(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestErrorPrefixes(t *testing.T) {
	one := []Violation{{Pointer: "/x", Message: "must be string"}}
	cases := map[string]*Error{
		"invalid request frame: at /x: must be string":      {Subject: SubjectRequestFrame, Violations: one},
		"invalid connect params: at /x: must be string":     {Subject: SubjectParams, Name: "connect", Violations: one},
		"invalid health result: at /x: must be string":      {Subject: SubjectResult, Name: "health", Violations: one},
		"invalid tick event payload: at /x: must be string": {Subject: SubjectEventPayload, Name: "tick", Violations: one},
		"invalid response frame: at /x: must be string":     {Subject: SubjectResponseFrame, Violations: one},
		"invalid event frame: at /x: must be string":        {Subject: SubjectEventFrame, Violations: one},
	}
	for want, e := range cases {
		if e.Error() != want {
			t.Errorf("Error() = %q, want %q", e.Error(), want)
		}
	}
}
