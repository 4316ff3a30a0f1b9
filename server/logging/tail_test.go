package logging

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeLog(t *testing.T, lines int, partial string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&b, "{\"i\":%d}\n", i)
	}
	b.WriteString(partial)
	path := filepath.Join(t.TempDir(), "gatewire.log")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func at(v int64) *int64 { return &v }

func TestTailWithoutCursorReturnsLastLines(t *testing.T) {
	path := writeLog(t, 20, "")
	res, err := Tail(path, TailRequest{Limit: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Lines, ",") != `{"i":17},{"i":18},{"i":19}` || !res.Truncated || res.Cursor != res.Size {
		t.Fatalf("res = %+v", res)
	}
}

func TestTailCursorFollowsAndLeavesPartialLine(t *testing.T) {
	path := writeLog(t, 2, `{"i":`)
	res, err := Tail(path, TailRequest{Cursor: at(0)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lines) != 2 || res.Cursor != res.Size-5 || res.Truncated || res.Reset {
		t.Fatalf("res = %+v", res)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("2}\n{\"i\":3}\n")
	f.Close()
	next, err := Tail(path, TailRequest{Cursor: &res.Cursor}, nil)
	if err != nil || strings.Join(next.Lines, ",") != `{"i":2},{"i":3}` || next.Cursor != next.Size {
		t.Fatalf("next = %+v, %v", next, err)
	}
	again, _ := Tail(path, TailRequest{Cursor: &next.Cursor}, nil)
	if len(again.Lines) != 0 || again.Cursor != next.Cursor {
		t.Fatalf("again = %+v", again)
	}
}

func TestTailCursorPastEndResets(t *testing.T) {
	path := writeLog(t, 3, "")
	res, err := Tail(path, TailRequest{Cursor: at(1 << 20)}, nil)
	if err != nil || !res.Reset || len(res.Lines) != 3 {
		t.Fatalf("res = %+v, %v", res, err)
	}
	missing, err := Tail(filepath.Join(t.TempDir(), "none.log"), TailRequest{Cursor: at(10)}, nil)
	if err != nil || !missing.Reset || missing.Size != 0 || missing.Lines == nil {
		t.Fatalf("missing = %+v, %v", missing, err)
	}
}

func TestTailMaxBytesDropsTheCutLine(t *testing.T) {
	path := writeLog(t, 10, "")
	res, err := Tail(path, TailRequest{Cursor: at(0), MaxBytes: 20}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 20 bytes hold the end of line 7 and lines 8 and 9 (9 bytes each).
	if strings.Join(res.Lines, ",") != `{"i":8},{"i":9}` || !res.Truncated {
		t.Fatalf("res = %+v", res)
	}
}

func TestTailScrubsLines(t *testing.T) {
	path := writeLog(t, 0, "{\"msg\":\"tok-1\"}\n")
	r := NewRedactor()
	r.SetSecrets("tok-1")
	res, _ := Tail(path, TailRequest{}, r.Scrub)
	if len(res.Lines) != 1 || strings.Contains(res.Lines[0], "tok-1") {
		t.Fatalf("lines = %v", res.Lines)
	}
}
