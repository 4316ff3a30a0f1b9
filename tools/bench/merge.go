package main

import "github.com/gatewire/gatewire/tools/bench/internal/measure"

// mergeHandshakes adds one round's figures to those of earlier rounds,
// by worker count.
func mergeHandshakes(all, round []measure.Handshakes) []measure.Handshakes {
	for _, r := range round {
		i := indexOf(all, func(h measure.Handshakes) bool { return h.Workers == r.Workers })
		if i < 0 {
			all = append(all, r)
			continue
		}
		all[i].PerSecond = append(all[i].PerSecond, r.PerSecond...)
	}
	return all
}

// mergeCalls adds one round's call figures to those of earlier rounds of
// the same method and connection count.
func mergeCalls(all []*measure.Calls, round *measure.Calls) []*measure.Calls {
	i := indexOf(all, func(c *measure.Calls) bool { return c.Method == round.Method && c.Conns == round.Conns })
	if i < 0 {
		return append(all, round)
	}
	c := all[i]
	c.PerSecond = append(c.PerSecond, round.PerSecond...)
	c.P50 = append(c.P50, round.P50...)
	c.P99 = append(c.P99, round.P99...)
	c.ServerCPU = append(c.ServerCPU, round.ServerCPU...)
	return all
}

// indexOf returns the index of the first element matching, or -1.
func indexOf[T any](s []T, match func(T) bool) int {
	for i, v := range s {
		if match(v) {
			return i
		}
	}
	return -1
}
