package golang

import "testing"

func TestGroupImportsPutsTheStandardLibraryFirst(t *testing.T) {
	in := "package p\n\nimport (\n\t\"context\"\n\t\"github.com/x/rpc\"\n\t\"slices\"\n\tw \"github.com/x/wire\"\n)\n\nvar x = 1\n"
	want := "package p\n\nimport (\n\t\"context\"\n\t\"slices\"\n\n\t\"github.com/x/rpc\"\n\tw \"github.com/x/wire\"\n)\n\nvar x = 1\n"
	if got := string(groupImports([]byte(in))); got != want {
		t.Fatalf("groupImports =\n%s\nwant\n%s", got, want)
	}
	for _, same := range []string{"package p\n\nimport \"fmt\"\n", "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n"} {
		if got := string(groupImports([]byte(same))); got != same {
			t.Errorf("groupImports changed %q to %q", same, got)
		}
	}
}
