package gobench

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	out := []byte(`goos: linux
goarch: amd64
pkg: github.com/gatewire/gatewire/tools/protocol-gen
cpu: AMD EPYC
BenchmarkGenerateProtocol-2      	       5	 212345678 ns/op	 9000 B/op	 12 allocs/op
BenchmarkGenerateProtocol-2      	       5	 198000000 ns/op
BenchmarkGenerateProtocolOther-2 	       5	 1 ns/op
BenchmarkTypesLargeDocument      	       3	3456789012.5 ns/op
PASS
ok  	github.com/gatewire/gatewire/tools/protocol-gen	12.3s
`)
	got := Parse(out, []string{"BenchmarkGenerateProtocol", "BenchmarkTypesLargeDocument", "BenchmarkMissing"})
	if len(got) != 3 {
		t.Fatalf("got %d results", len(got))
	}
	if g := got[0]; g.Name != "BenchmarkGenerateProtocol" || len(g.PerOp) != 2 || g.Median() != 205172839 {
		t.Fatalf("GenerateProtocol = %+v median %v", g, g.Median())
	}
	if g := got[1]; len(g.PerOp) != 1 || g.PerOp[0] != time.Duration(3456789012) {
		t.Fatalf("TypesLargeDocument = %+v", g)
	}
	if g := got[2]; len(g.PerOp) != 0 || g.Median() != 0 {
		t.Fatalf("missing benchmark = %+v", g)
	}
}
