// Package stats holds the small statistics the benchmark reports: medians
// of repeated runs and latency percentiles.
package stats

import (
	"slices"
	"time"
)

// Number is what the benchmark takes medians of: rates, byte counts and
// durations.
type Number interface{ ~int64 | ~float64 }

// Median returns the median of xs (the mean of the two middle values for
// an even count) and 0 for none. xs is not reordered.
func Median[T Number](xs []T) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return float64(s[mid])
	}
	return (float64(s[mid-1]) + float64(s[mid])) / 2
}

// MedianDuration returns the median of ds and 0 for none.
func MedianDuration(ds []time.Duration) time.Duration { return time.Duration(Median(ds)) }

// Percentile returns the p-th percentile (0 < p ≤ 100) of ds by the
// nearest-rank method, and 0 for none. ds is sorted in place.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	rank := int(p/100*float64(len(ds))+0.999999999) - 1
	rank = max(0, min(rank, len(ds)-1))
	return ds[rank]
}
