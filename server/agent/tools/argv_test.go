package tools

import (
	"slices"
	"strings"
	"testing"
)

func TestCommandArgv(t *testing.T) {
	for _, tc := range []struct {
		in    string
		shell bool
		want  []string
		err   string
	}{
		{in: "ls -la", want: []string{"ls", "-la"}},
		{in: `  echo  'a  b'  "c \"d\" \$e"  f\ g  `, want: []string{"echo", "a  b", `c "d" $e`, "f g"}},
		{in: `printf ''`, want: []string{"printf", ""}},
		{in: `echo it'"s'`, want: []string{"echo", `it"s`}},
		{in: "echo a | wc", err: "shell syntax (|)"},
		{in: "echo a > f", err: "shell syntax (>)"},
		{in: "a; b", err: "shell syntax (;)"},
		{in: "echo $(id)", err: "shell syntax ($)"},
		{in: "echo \"$HOME\"", err: "inside double quotes"},
		{in: "echo 'open", err: "unterminated single quote"},
		{in: "echo \"open", err: "unterminated double quote"},
		{in: "   ", err: "command required"},
		{in: "echo a | wc", shell: true, want: []string{"/bin/sh", "-c", "echo a | wc"}},
	} {
		got, err := commandArgv(tc.in, tc.shell)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: err = %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || !slices.Equal(got, tc.want)):
			t.Errorf("%q: got %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

func FuzzSplitWords(f *testing.F) {
	for _, s := range []string{"ls -la", `a "b c" 'd'`, `x\ y`, "a|b", `"\$"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := splitWords(s)
		if err == nil && len(words) == 0 {
			t.Fatalf("%q: no words and no error", s)
		}
	})
}
