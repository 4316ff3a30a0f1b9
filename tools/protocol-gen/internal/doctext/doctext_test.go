package doctext

import (
	"reflect"
	"testing"
)

func TestLinesCleansText(t *testing.T) {
	got := Lines("\n First line  \r\nsecond\x00line\u2028third\ufeff\n\n")
	want := []string{" First line", "second line", "third"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Lines = %q, want %q", got, want)
	}
	if b := Block("///", []string{"a", "", "b"}); b != "/// a\n///\n/// b" {
		t.Fatalf("Block = %q", b)
	}
}

func TestAppendMissingSkipsNotesTheTextSays(t *testing.T) {
	got := AppendMissing([]string{"Client mode.", `Always "req".`}, `Always "req".`, "One of 1, 2.")
	want := []string{"Client mode.", `Always "req".`, "One of 1, 2."}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("AppendMissing = %q, want %q", got, want)
	}
}

func TestEscapePercentEncodesWhatWouldBreakAComment(t *testing.T) {
	if got, want := Escape("schema/a b%\n\u2028é.json"), "schema/a%20b%25%0A%E2%80%A8é.json"; got != want {
		t.Fatalf("Escape = %q, want %q", got, want)
	}
}
