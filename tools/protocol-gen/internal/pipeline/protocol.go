// Package pipeline runs the generator end to end as pure functions from
// schema files to a set of generated files: Protocol for gatewire's
// schema folder (types, manifest, handler, dispatch, client, Swift
// package, JavaScript modules) and Types for any single JSON Schema document.
package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/emit"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/golang"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/load"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/manifest"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/model"
	"github.com/gatewire/gatewire/tools/protocol-gen/internal/swift"
)

// Names of the manifest files in a schema folder.
const (
	ManifestFile   = "manifest.json"
	metaSchemaFile = "manifest.schema.json"
)

// Layout of the generated tree, relative to the output directory.
const (
	GoDir        = "go/protocol"
	GoPackage    = "protocol"
	SwiftDir     = "swift"
	SwiftLibrary = "GatewireProtocol"
	JSDir        = "js"
	swiftSources = "Sources/" + SwiftLibrary
)

// folder is a schema folder read into memory.
type folder struct {
	label    string // the folder's base name, used in messages and headers
	set      *load.Set
	docs     []*load.Document
	manifest *load.Document
	meta     *load.Document
}

// Protocol generates gen/ from a schema folder: every *.json file except
// the manifest and its meta-schema is a schema file.
func Protocol(dir string) (emit.Files, error) {
	f, err := readFolder(dir)
	if err != nil {
		return nil, err
	}
	if err := manifest.Validate(f.manifest, f.meta); err != nil {
		return nil, err
	}
	man, err := manifest.Decode(f.manifest)
	if err != nil {
		return nil, err
	}
	if err := checkFileNames(f.docs); err != nil {
		return nil, err
	}
	mod, err := model.Build(f.set, definitionRoots(f.docs), model.Options{Strict: true, Reserved: reserved(true)})
	if err != nil {
		return nil, err
	}
	proto, err := manifest.Resolve(man, f.manifest, f.set, mod)
	if err != nil {
		return nil, err
	}
	return protocolFiles(f, mod, proto)
}

func readFolder(dir string) (*folder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("schema folder: %w", err)
	}
	f := &folder{label: filepath.Base(abs), set: load.NewSet(load.Options{Strict: true})}
	files, err := schemaFiles(dir)
	if err != nil {
		return nil, err
	}
	var errs load.Errors
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read schema: %w", err)
		}
		display, uri := f.label+"/"+name, "file:///"+name
		switch name {
		case ManifestFile:
			f.manifest, err = load.ReadJSON(display, uri, data)
		case metaSchemaFile:
			f.meta, err = load.ReadJSON(display, uri, data)
		default:
			var doc *load.Document
			if doc, err = f.set.Add(display, uri, data); doc != nil {
				f.docs = append(f.docs, doc)
			}
		}
		if le, ok := err.(load.Errors); ok {
			errs = append(errs, le...)
		} else if err != nil {
			return nil, err
		}
	}
	f.set.CheckRefs()
	errs = append(errs, f.set.Errors()...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return f, f.requireManifest(dir)
}

func (f *folder) requireManifest(dir string) error {
	for _, x := range []struct {
		doc  *load.Document
		name string
	}{{f.manifest, ManifestFile}, {f.meta, metaSchemaFile}} {
		if x.doc == nil {
			return fmt.Errorf("%s: no %s in the schema folder", dir, x.name)
		}
	}
	return nil
}

// schemaFiles lists the *.json files of dir in name order.
func schemaFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("schema folder: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".json") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// definitionRoots lists every top-level definition of every document.
func definitionRoots(docs []*load.Document) []model.Root {
	var roots []model.Root
	for _, d := range docs {
		for _, def := range d.Schema.Defs {
			roots = append(roots, model.Root{Schema: def.Schema, Name: def.Name})
		}
	}
	return roots
}

func reserved(protocol bool) []string {
	return append(golang.Reserved(protocol), swift.Reserved()...)
}

// fixedGoFiles are the Go files the generator writes besides the schema
// files' own.
var fixedGoFiles = map[string]bool{
	"manifest": true, "handler": true, "dispatch": true, "client": true, "events": true,
	"doc": true, "nullable": true, "extra": true, "union": true,
}

// checkFileNames refuses schema files whose generated files would clash.
func checkFileNames(docs []*load.Document) error {
	var errs load.Errors
	goSeen, swiftSeen := map[string]string{}, map[string]string{}
	for _, d := range docs {
		goName, swiftName := goFileBase(d.Name), swiftFileBase(d.Name)
		switch {
		case fixedGoFiles[goName] || swiftName == "AnyCodable" || swiftName == "GatewayProtocol":
			errs = append(errs, d.ErrorAt(d.Root, "", "the file name clashes with a file the generator writes; rename it"))
		case goSeen[goName] != "" || swiftSeen[swiftName] != "":
			errs = append(errs, d.ErrorAt(d.Root, "", "the file name generates the same file names as %s; rename it", goSeen[goName]+swiftSeen[swiftName]))
		}
		goSeen[goName], swiftSeen[swiftName] = d.Name, d.Name
	}
	return errs.Err()
}
