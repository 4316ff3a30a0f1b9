// Command agentcapture records the agent, chat and sessions frames a
// gateway sends, for the wire references under docs/: `agentcapture llm
// FILE` runs a scripted OpenAI-compatible provider on loopback (its base
// URL written to FILE) until killed; `agentcapture run URL TOKEN MIN MAX
// OUT` connects one operator client at the protocol range MIN..MAX (a
// device-less cli on v4, a device-signed one otherwise), plays a fixed
// script of calls and writes every frame it sent and received to OUT as
// JSON lines. It is a manual tool (not run by tests): the real OpenClaw
// gateways run only by hand.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "agentcapture:", err)
		os.Exit(1)
	}
}

// run dispatches on the subcommand.
func run(args []string) error {
	switch {
	case len(args) == 2 && args[0] == "llm":
		return serveLLM(args[1])
	case len(args) == 6 && args[0] == "run":
		lo, err1 := strconv.Atoi(args[3])
		hi, err2 := strconv.Atoi(args[4])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("protocol range %q..%q is not two numbers", args[3], args[4])
		}
		return capture(args[1], args[2], lo, hi, args[5])
	}
	return fmt.Errorf("usage: agentcapture llm URLFILE | agentcapture run WSURL TOKEN MIN MAX OUT.jsonl")
}
