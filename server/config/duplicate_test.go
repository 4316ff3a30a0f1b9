package config

import (
	"errors"
	"strings"
	"testing"
)

func TestDuplicateKeysAreErrorsNamingFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"token then empty token", "{\n  gateway: { auth: {\n    token: 'x',\n    token: '',\n  } },\n}", []string{"line 4", "gateway.auth.token", "duplicate key (also at line 3)"}},
		{"quoted and bare spellings", "{\n  \"gateway\": { port: 1 },\n  gateway: { port: 2 },\n}", []string{"line 3", "gateway: duplicate key (also at line 2)"}},
		{"inside an array item", "{ models: { catalog: [ { id: 'a', name: 'b', provider: 'p',\n id: 'c' } ] } }", []string{"line 2", "models.catalog[0].id", "duplicate key"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectLoadError(t, tc.text, tc.want)
		})
	}
}

func TestSameKeyInDifferentObjectsIsNoDuplicate(t *testing.T) {
	if _, err := Parse("x.json", `{ gateway: { pairing: { autoApproveLocal: false }, nodes: { pairing: { autoApproveLocal: false } } } }`); err != nil {
		t.Fatal(err)
	}
}

func TestSyntaxErrorsAreReportedAtALineThatExists(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
	}{
		{"file ends inside the object", "{\n  gateway: {\n    port: 1\n\n\n", 3},
		{"missing value", "{\n  a: 1,\n  b: \n}\n", 4},
		{"unterminated string", "{\n  gateway: { bind: 'x\n}\n", 2},
		{"double comma", "{\n  gateway: {\n    port: 1,,\n  }\n}", 3},
		{"trailing garbage", "{}\n\nx\n\n", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.json", tc.text)
			var cerr *Error
			if !errors.As(err, &cerr) || len(cerr.Issues) != 1 {
				t.Fatalf("err = %v", err)
			}
			got := cerr.Issues[0].Line
			lines := strings.Count(strings.TrimRight(tc.text, "\n"), "\n") + 1
			if got != tc.line || got < 1 || got > lines {
				t.Fatalf("line %d, want %d (the text has %d lines): %v", got, tc.line, lines, err)
			}
		})
	}
}
