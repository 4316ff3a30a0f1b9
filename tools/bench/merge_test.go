package main

import (
	"slices"
	"testing"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/measure"
)

func TestRoundsMergeIntoOneFigure(t *testing.T) {
	var hs []measure.Handshakes
	hs = mergeHandshakes(hs, []measure.Handshakes{{Workers: 1, PerSecond: []float64{10}}, {Workers: 4, PerSecond: []float64{40}}})
	hs = mergeHandshakes(hs, []measure.Handshakes{{Workers: 1, PerSecond: []float64{11}}, {Workers: 4, PerSecond: []float64{41}}})
	if len(hs) != 2 || !slices.Equal(hs[0].PerSecond, []float64{10, 11}) || !slices.Equal(hs[1].PerSecond, []float64{40, 41}) {
		t.Fatalf("handshakes = %+v", hs)
	}
	round := func(rate float64) *measure.Calls {
		return &measure.Calls{Method: "health", Conns: 1, PerSecond: []float64{rate}, P50: []time.Duration{1}, P99: []time.Duration{2}, ServerCPU: []time.Duration{3}}
	}
	var cs []*measure.Calls
	cs = mergeCalls(cs, round(100))
	cs = mergeCalls(cs, &measure.Calls{Method: "health", Conns: 50, PerSecond: []float64{500}})
	cs = mergeCalls(cs, round(110))
	if len(cs) != 2 || !slices.Equal(cs[0].PerSecond, []float64{100, 110}) || len(cs[0].P50) != 2 || len(cs[0].ServerCPU) != 2 ||
		!slices.Equal(cs[1].PerSecond, []float64{500}) {
		t.Fatalf("calls = %+v %+v", cs[0], cs[1])
	}
}
