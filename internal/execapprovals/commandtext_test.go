package execapprovals

import "testing"

func TestCommandTextQuotesAsJavaScriptDoes(t *testing.T) {
	cases := map[string][]string{
		`echo hi`:                      {"echo", "hi"},
		`echo ""`:                      {"echo", ""},
		`sh -c "echo \"a b\""`:         {"sh", "-c", `echo "a b"`},
		"printf \"a\vb\" \"c\u00a0d\"": {"printf", "a\vb", "c\u00a0d"},
		"x \"\u2003\"":                 {"x", "\u2003"},
	}
	for want, argv := range cases {
		if got := CommandText(argv); got != want {
			t.Fatalf("CommandText(%q) = %q, want %q", argv, got, want)
		}
	}
}
