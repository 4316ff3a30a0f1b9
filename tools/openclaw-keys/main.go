// Command openclaw-keys turns the config.schema replies of real OpenClaw
// gateways into schema/config/openclaw-keys.json: every key path
// OpenClaw's own config schema defines, with the OpenClaw versions that
// define it. gatewire accepts those keys in a config file and reports the
// ones it does not implement, instead of failing on them as typos.
//
//	capture.sh                                   run both OpenClaw versions and write the file (see its header)
//	openclaw-keys --out FILE REPLY.json...       extract the keys of saved config.schema replies
//
// A path joins property names with dots; "*" stands for any key of a map
// (additionalProperties or patternProperties with a schema) and "[]" for
// any item of an array. An object that accepts keys it does not name
// (additionalProperties absent or true) is listed under "open": anything
// below it is OpenClaw's.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run parses the flags, reads the replies and writes the key file.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("openclaw-keys", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "schema/config/openclaw-keys.json", "the key `file` to write")
	if fs.Parse(args) != nil || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: openclaw-keys [--out FILE] REPLY.json...")
		return 2
	}
	var sets []*keySet
	for _, name := range fs.Args() {
		ks, err := readReply(name)
		if err != nil {
			fmt.Fprintf(stderr, "openclaw-keys: %s: %v\n", name, err)
			return 1
		}
		sets = append(sets, ks)
	}
	data, err := json.MarshalIndent(merge(sets), "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "openclaw-keys: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintf(stderr, "openclaw-keys: %v\n", err)
		return 1
	}
	return 0
}

// reply is the part of a config.schema reply the keys come from.
type reply struct {
	Schema  map[string]any         `json:"schema"`
	UIHints map[string]sensitivity `json:"uiHints"`
	Version string                 `json:"version"`
}

// sensitivity is the part of a UI hint that marks a secret.
type sensitivity struct {
	Sensitive bool `json:"sensitive"`
}

// keySet is the key paths of one OpenClaw version.
type keySet struct {
	version string
	keys    map[string]bool
	open    map[string]bool
	secrets map[string]bool
}

// readReply reads a saved config.schema reply (the CLI's --json output).
func readReply(name string) (*keySet, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var r reply
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	if r.Version == "" || r.Schema == nil {
		return nil, fmt.Errorf("not a config.schema reply (no version or schema)")
	}
	ks := &keySet{version: r.Version, keys: map[string]bool{}, open: map[string]bool{}, secrets: map[string]bool{}}
	for path, h := range r.UIHints {
		if h.Sensitive {
			ks.secrets[strings.ReplaceAll(path, "[]", ".[]")] = true
		}
	}
	w := walker{set: ks, seen: map[string]int{}}
	w.node(r.Schema, nil, nil)
	return ks, nil
}

// walker collects the paths of one schema.
type walker struct {
	set  *keySet
	seen map[string]int // $ref expansions on the current path, against cycles
}

// maxRefDepth bounds how often one $ref is expanded along a path.
const maxRefDepth = 2

// node records the paths below one schema node at path. defs is the stack
// of $defs of the enclosing (embedded) schema documents.
func (w walker) node(n map[string]any, path []string, defs []map[string]any) {
	if d, ok := n["$defs"].(map[string]any); ok {
		defs = append(defs, d)
	}
	if ref, ok := n["$ref"].(string); ok {
		w.ref(ref, path, defs)
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		branches, _ := n[k].([]any)
		for _, b := range branches {
			if m, ok := b.(map[string]any); ok {
				w.node(m, path, defs)
			}
		}
	}
	props, _ := n["properties"].(map[string]any)
	for name, sub := range props {
		w.child(sub, path, name, defs)
	}
	pats, _ := n["patternProperties"].(map[string]any)
	for _, sub := range pats {
		w.child(sub, path, "*", defs)
	}
	switch ap := n["additionalProperties"].(type) {
	case map[string]any:
		if len(ap) == 0 {
			w.set.open[strings.Join(path, ".")] = true
		} else {
			w.child(ap, path, "*", defs)
		}
	case bool:
		if ap {
			w.set.open[strings.Join(path, ".")] = true
		}
	case nil:
		if isObject(n) && len(pats) == 0 {
			w.set.open[strings.Join(path, ".")] = true
		}
	}
	if items, ok := n["items"].(map[string]any); ok {
		w.child(items, path, "[]", defs)
	}
}

// child records path+name and walks its schema.
func (w walker) child(sub any, path []string, name string, defs []map[string]any) {
	p := append(append([]string(nil), path...), name)
	w.set.keys[strings.Join(p, ".")] = true
	if m, ok := sub.(map[string]any); ok {
		w.node(m, p, defs)
	}
}

// ref follows a local "#/$defs/name" reference against the innermost
// enclosing $defs that has the name.
func (w walker) ref(ref string, path []string, defs []map[string]any) {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok || w.seen[ref] >= maxRefDepth {
		return
	}
	for i := len(defs) - 1; i >= 0; i-- {
		if target, ok := defs[i][name].(map[string]any); ok {
			w.seen[ref]++
			w.node(target, path, defs[:i+1])
			w.seen[ref]--
			return
		}
	}
}

// isObject reports whether a schema node describes an object.
func isObject(n map[string]any) bool {
	if t, ok := n["type"].(string); ok {
		return t == "object"
	}
	_, hasProps := n["properties"]
	return hasProps
}

// keyFile is the written file.
type keyFile struct {
	Description string            `json:"description"`
	Versions    []string          `json:"versions"`
	Keys        map[string]string `json:"keys"`
	Open        map[string]string `json:"open"`
	Secrets     map[string]string `json:"secrets"`
}

// merge unites the key sets; each path maps to the versions that have it.
func merge(sets []*keySet) keyFile {
	f := keyFile{
		Description: "Key paths of OpenClaw's own config schema, from the config.schema replies of the real OpenClaw " +
			"gateways of the listed versions (captured by tools/openclaw-keys/capture.sh). Each path maps to the " +
			"versions that define it. \"*\" is any key of a map, \"[]\" any item of an array; below an \"open\" path " +
			"any key is OpenClaw's; \"secrets\" are the paths OpenClaw's UI hints mark sensitive, which gatewire redacts. " +
			"gatewire accepts these keys and reports the ones it does not implement.",
		Keys: map[string]string{}, Open: map[string]string{}, Secrets: map[string]string{},
	}
	for _, s := range sets {
		f.Versions = append(f.Versions, s.version)
	}
	sort.Strings(f.Versions)
	add := func(dst map[string]string, src map[string]bool, version string) {
		for k := range src {
			if dst[k] == "" {
				dst[k] = version
			} else if !strings.Contains(" "+dst[k]+" ", " "+version+" ") {
				dst[k] = joinSorted(dst[k], version)
			}
		}
	}
	for _, s := range sets {
		add(f.Keys, s.keys, s.version)
		add(f.Open, s.open, s.version)
		add(f.Secrets, s.secrets, s.version)
	}
	return f
}

// joinSorted adds a version to a space-separated sorted list.
func joinSorted(list, version string) string {
	vs := append(strings.Fields(list), version)
	sort.Strings(vs)
	return strings.Join(vs, " ")
}
