package jsonnode

import (
	"errors"
	"testing"
)

func TestParseKeepsOrderAndOffsets(t *testing.T) {
	src := []byte("{\n  \"b\": 1,\n  \"a\": [true, null, \"x\\u00e9\"]\n}")
	n, dups, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 0 {
		t.Fatalf("dups = %v", dups)
	}
	if n.Members[0].Key != "b" || n.Members[1].Key != "a" {
		t.Fatalf("order lost: %+v", n.Members)
	}
	s := NewSource(src)
	if line := s.Line(n.Members[1].KeyOffset); line != 3 {
		t.Fatalf("line of a = %d, want 3", line)
	}
	if got := n.Get("a").Items[2].Text; got != "xé" {
		t.Fatalf("escaped string = %q", got)
	}
	if got := n.JSON(); got != `{"b":1,"a":[true,null,"xé"]}` {
		t.Fatalf("JSON() = %s", got)
	}
}

func TestParseReportsDuplicatesLastWins(t *testing.T) {
	n, dups, err := Parse([]byte(`{"a": 1, "b": 2, "a": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 1 || dups[0].Key != "a" || dups[0].KeyOffset != 17 {
		t.Fatalf("dups = %+v", dups)
	}
	if n.Get("a").Text != "3" || len(n.Members) != 2 {
		t.Fatalf("members = %+v", n.Members)
	}
}

func TestParseErrorsAreLocated(t *testing.T) {
	cases := map[string]int{
		`{"a": }`:           6,
		`{"a": 1,}`:         8,
		`[1 2]`:             3,
		`{"a": 01}`:         6,
		"\"a\x01\"":         2,
		`{"a": tru}`:        6,
		`{"a": 1} x`:        9,
		`{"a": "\q"}`:       6,
		`"unterminated`:     0,
		`{"a": [1, 2}`:      11,
		`{"a": -}`:          7,
		`{"a": 1.}`:         8,
		`{"a": 1e}`:         8,
		"{\"a\": \"\xff\"}": 6,
	}
	for in, want := range cases {
		_, _, err := Parse([]byte(in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: err = %v, want a SyntaxError", in, err)
			continue
		}
		if se.Offset != want {
			t.Errorf("%q: offset %d (%s), want %d", in, se.Offset, se.Msg, want)
		}
	}
}

func TestLookupAndTokens(t *testing.T) {
	n, _, err := Parse([]byte(`{"$defs": {"a/b": {"x~y": [10, 20]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	p := Join("", "$defs", "a/b", "x~y", "1")
	if p != "/$defs/a~1b/x~0y/1" {
		t.Fatalf("Join = %s", p)
	}
	v, err := Lookup(n, p)
	if err != nil || v.Text != "20" {
		t.Fatalf("Lookup = %v, %v", v, err)
	}
	if _, err := Lookup(n, "/$defs/nope"); err == nil {
		t.Fatal("Lookup of a missing member succeeded")
	}
	if _, err := Lookup(n, "/$defs/a~1b/x~0y/01"); err == nil {
		t.Fatal("Lookup accepted a leading-zero index")
	}
}

func TestIntegers(t *testing.T) {
	for text, want := range map[string]bool{"3": true, "3.0": true, "1e2": true, "3.5": false, "1e400": false} {
		n := &Node{Kind: Number, Text: text}
		if got := n.IsInteger(); got != want {
			t.Errorf("IsInteger(%s) = %v", text, got)
		}
	}
}

func TestSyntaxErrorsNameTheEnclosingValue(t *testing.T) {
	cases := map[string]string{
		`{"a": {"b": [1, {"c": }]}}`: "/a/b/1/c",
		`{"a": [1, 2,]}`:             "/a/2",
		`{"a~b": {"x": 1,}}`:         "/a~0b",
		`[}`:                         "/0",
		`{"a" 1}`:                    "",
	}
	for in, want := range cases {
		_, _, err := Parse([]byte(in))
		var se *SyntaxError
		if !errors.As(err, &se) || se.Pointer != want {
			t.Errorf("%s: err = %#v, want pointer %q", in, err, want)
		}
	}
}
