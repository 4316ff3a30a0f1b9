package engine

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadUpTo(t *testing.T) {
	long := strings.Repeat("0123456789", 1000)
	cases := []struct {
		name string
		in   string
		max  int64
		want string
	}{
		{"empty", "", 10, ""},
		{"short", "abc", 10, "abc"},
		{"exactly max", "abcde", 5, "abcde"},
		{"over max stops at max", "abcdef", 5, "abcde"},
		{"grows past the buffer", long, 1 << 20, long},
	}
	for _, tc := range cases {
		for _, r := range []io.Reader{strings.NewReader(tc.in), iotest.OneByteReader(strings.NewReader(tc.in))} {
			got, err := readUpTo(make([]byte, 0, 4), r, tc.max)
			if err != nil || string(got) != tc.want {
				t.Fatalf("%s: readUpTo = %d bytes, %v; want %d bytes", tc.name, len(got), err, len(tc.want))
			}
		}
	}
	boom := errors.New("boom")
	if _, err := readUpTo(nil, io.MultiReader(bytes.NewReader([]byte("ab")), iotest.ErrReader(boom)), 10); !errors.Is(err, boom) {
		t.Fatalf("read error = %v, want boom", err)
	}
}
