// Package gobench runs Go benchmarks of the module with `go test -bench`
// and reads their ns/op figures, so the benchmark report can include the
// generator's speed.
package gobench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// Result is one benchmark's time per operation over several counts.
type Result struct {
	Name string
	// PerOp holds one ns/op figure per -count; empty when the benchmark
	// did not run.
	PerOp []time.Duration
}

// Median returns the median time per operation.
func (r Result) Median() time.Duration { return stats.MedianDuration(r.PerOp) }

// Run runs the named benchmarks of pkg (a package pattern) from the
// module root dir, each benchtime iterations per count, and returns one
// Result per name in the order given (with no figures for a name that
// did not run). The raw output is returned for diagnosis.
func Run(ctx context.Context, dir, pkg string, names []string, benchtime string, count int) ([]Result, string, error) {
	pattern := "^(" + strings.Join(quoteAll(names), "|") + ")$"
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", pattern,
		"-benchtime", benchtime, "-count", strconv.Itoa(count), pkg)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, string(out), fmt.Errorf("go test -bench %s: %w", pkg, err)
	}
	return Parse(out, names), string(out), nil
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = regexp.QuoteMeta(n)
	}
	return out
}

// benchLine matches "BenchmarkName-8   	  5	 123456 ns/op ..." (the
// GOMAXPROCS suffix is optional).
var benchLine = regexp.MustCompile(`^(Benchmark[^\s-]+)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

// Parse reads the ns/op figures of the named benchmarks from go test
// output.
func Parse(out []byte, names []string) []Result {
	byName := map[string]*Result{}
	results := make([]Result, len(names))
	for i, n := range names {
		results[i].Name = n
		byName[n] = &results[i]
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil || byName[m[1]] == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		r := byName[m[1]]
		r.PerOp = append(r.PerOp, time.Duration(ns))
	}
	return results
}
