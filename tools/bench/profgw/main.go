// Command profgw is the gatewire binary's `gateway` command with profiling
// switched on, for finding where the gateway spends CPU and memory under
// the benchmark's load. Build it and hand it to the benchmark in place of
// bin/gatewire:
//
//	go build -o /tmp/profgw ./tools/bench/profgw
//	BENCH_CPUPROFILE=/tmp/cpu.out BENCH_PPROF_ADDR=127.0.0.1:6060 \
//	  go run ./tools/bench --gateway /tmp/profgw --targets gatewire --only calls
//
// BENCH_CPUPROFILE writes a CPU profile of each gateway process (the
// process id is appended to the name); BENCH_PPROF_ADDR serves
// net/http/pprof (heap, goroutines) while it runs; BENCH_MEMPROFILERATE
// sets runtime.MemProfileRate (1 records every allocation).
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof" // the profiling endpoints on BENCH_PPROF_ADDR
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/server/gatewaycmd"
)

func main() {
	if rate, err := strconv.Atoi(os.Getenv("BENCH_MEMPROFILERATE")); err == nil && rate > 0 {
		runtime.MemProfileRate = rate
	}
	stop, err := startCPUProfile(os.Getenv("BENCH_CPUPROFILE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "profgw:", err)
		os.Exit(1)
	}
	if addr := os.Getenv("BENCH_PPROF_ADDR"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
	root := &cobra.Command{Use: "profgw", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(gatewaycmd.Command())
	err = root.Execute()
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "profgw:", err)
		os.Exit(1)
	}
}

// startCPUProfile starts a CPU profile into path.<pid> ("" for none) and
// returns the function that finishes it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path + "." + strconv.Itoa(os.Getpid()))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
