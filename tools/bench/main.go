// Command bench is gatewire's load generator and benchmark runner (`make
// bench`). It starts the gatewire gateway binary and a raw echo baseline
// as separate processes on loopback, drives both with the same client,
// runs the generator's Go benchmarks, and writes BENCHMARKS.md with the
// ratios to the baseline and a verdict per DESIGN.md target. Flags select
// a subset for quick runs; see tools/bench/README.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// logf prints progress to stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// usage is printed by -h.
func usage(fs *flag.FlagSet) func() {
	return func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./tools/bench --gateway bin/gatewire [flags]\n\n")
		fs.PrintDefaults()
	}
}
