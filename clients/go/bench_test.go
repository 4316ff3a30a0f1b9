package gatewire

import (
	"context"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// BenchmarkCall measures one request/reply round trip over loopback
// through the engine (schema-validated connect, test handler).
func BenchmarkCall(b *testing.B) {
	g := newGateway(b, "", nil)
	c, err := Dial(context.Background(), g.url, Options{Scopes: []string{ScopeRead}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	params := map[string]int{"n": 1}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Call(context.Background(), "echo", params, nil, rpc.CallOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallParallel measures concurrent calls sharing one connection.
func BenchmarkCallParallel(b *testing.B) {
	g := newGateway(b, "", nil)
	c, err := Dial(context.Background(), g.url, Options{Scopes: []string{ScopeRead}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.Call(context.Background(), "echo", nil, nil, rpc.CallOptions{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
