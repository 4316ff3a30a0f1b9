package clip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBytesNeverSplitsACharacter(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exact", 5, "exact"},
		{"abcdef", 3, "abc"},
		{"aé", 2, "a"}, // é is two bytes: cutting inside it keeps only "a"
		{"€€", 5, "€"}, // € is three bytes
		{"é", 0, ""},
	} {
		got := Bytes(tc.s, tc.n)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("Bytes(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	long := strings.Repeat("é", 1000)
	if got := Bytes(long, 101); len(got) != 100 || !utf8.ValidString(got) {
		t.Errorf("Bytes of a long text = %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}
