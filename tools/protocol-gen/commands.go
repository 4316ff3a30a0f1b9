package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/pipeline"
)

// generateFolder parses the flags of gen or check and generates the tree
// from the schema folder in memory. A non-zero code means it failed and
// said why on stderr.
func generateFolder(name string, args []string, stderr io.Writer) (files emit.Files, schema, out string, code int) {
	fs := flag.NewFlagSet("protocol-gen "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&schema, "schema", "schema", "schema `folder`: manifest.json, manifest.schema.json and the schema files")
	fs.StringVar(&out, "out", "gen", "output `folder`; gen removes the generated files it no longer writes")
	if fs.Parse(args) != nil {
		return nil, "", "", 2
	}
	files, err := pipeline.Protocol(schema)
	if err == nil {
		files, err = pipeline.WithConfig(schema, files)
	}
	if err != nil {
		return nil, "", "", fail(stderr, err)
	}
	return files, schema, out, 0
}

func runGen(args []string, stdout, stderr io.Writer) int {
	files, _, out, code := generateFolder("gen", args, stderr)
	if code != 0 {
		return code
	}
	if err := emit.Write(out, files, true); err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "protocol-gen: wrote %d files under %s\n", len(files), out)
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	files, schema, out, code := generateFolder("check", args, stderr)
	if code != 0 {
		return code
	}
	problems, err := emit.Check(out, files)
	if err != nil {
		return fail(stderr, err)
	}
	for _, p := range problems {
		fmt.Fprintf(stderr, "%s: %s\n", filepath.ToSlash(filepath.Join(out, p.Path)), p.Kind)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "protocol-check: %s is out of date with %s; run make protocol-gen and commit the result\n", out, schema)
		return 1
	}
	fmt.Fprintf(stdout, "protocol-check: %s matches %s (%d files)\n", out, schema, len(files))
	return 0
}

func runTypes(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("protocol-gen types", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "the JSON Schema `document` (draft-04 to 2020-12; definitions or $defs)")
	goOut := fs.String("go-out", "", "write Go into this `folder` (one package per document)")
	goPkg := fs.String("go-package", "", "Go package `name` (default: the --go-out folder's name)")
	swiftOut := fs.String("swift-out", "", "write Swift sources into this `folder`")
	strict := fs.Bool("strict", false, "treat unknown keywords, duplicate keys and malformed keywords as errors")
	verbose := fs.Bool("v", false, "list every construct typed as raw JSON, with its location")
	if fs.Parse(args) != nil {
		return 2
	}
	if *in == "" || (*goOut == "" && *swiftOut == "") {
		fmt.Fprintln(stderr, "protocol-gen types: --in and at least one of --go-out, --swift-out are required")
		fs.Usage()
		return 2
	}
	pkg := "" // no Go without --go-out
	if *goOut != "" {
		pkg = *goPkg
		if pkg == "" {
			pkg = filepath.Base(filepath.Clean(*goOut))
		}
	}
	res, err := pipeline.Types(pipeline.TypesOptions{Input: *in, GoPackage: pkg, Swift: *swiftOut != "", Strict: *strict})
	if err != nil {
		return fail(stderr, err)
	}
	report(stderr, res, *verbose)
	for _, w := range []struct {
		dir   string
		files map[string][]byte
	}{{*goOut, res.Go}, {*swiftOut, res.Swift}} {
		if w.dir == "" {
			continue
		}
		if err := emit.Write(w.dir, w.files, false); err != nil {
			return fail(stderr, err)
		}
		fmt.Fprintf(stdout, "protocol-gen: wrote %d files under %s\n", len(w.files), w.dir)
	}
	return 0
}

// report prints lenient-loading warnings and, with verbose, the notes on
// constructs typed as raw JSON.
func report(stderr io.Writer, res *pipeline.TypesResult, verbose bool) {
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if verbose {
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "note: %s\n", n)
		}
	} else if len(res.Notes) > 0 {
		fmt.Fprintf(stderr, "protocol-gen: %d constructs typed loosely (raw JSON or renamed); -v lists them\n", len(res.Notes))
	}
}

// fail prints an error (one located error per line) and returns 1.
func fail(stderr io.Writer, err error) int {
	var errs load.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintln(stderr, e)
		}
		return 1
	}
	fmt.Fprintf(stderr, "protocol-gen: %v\n", err)
	return 1
}
