// Command protocol-gen generates gatewire's protocol code from JSON
// Schema.
//
//	protocol-gen gen   --schema schema --out gen   write gen/ from the schema folder
//	protocol-gen check --schema schema --out gen   fail if gen/ differs from what gen would write
//	protocol-gen types --in doc.json [--go-out dir --go-package name] [--swift-out dir]
//
// gen and check read every *.json file of the schema folder (manifest.json
// and its meta-schema manifest.schema.json included) and produce the Go
// package gen/go/protocol and the Swift package gen/swift. types generates
// Go and Swift types for every definition of any JSON Schema document.
// See tools/protocol-gen/README.md for the type-mapping rules.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: protocol-gen <command> [flags]

commands:
  gen     write the generated tree (Go and Swift) from the schema folder
  check   compare the generated tree with what gen would write; exit 1 on any
          changed, missing or extra file
  types   generate Go and/or Swift types for every definition of a JSON Schema document

Run "protocol-gen <command> -h" for the flags of a command.
`

// run executes one command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "gen":
		return runGen(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "types":
		return runTypes(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "protocol-gen: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
