package config

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"

	configschema "github.com/gatewire/gatewire/schema/config"
)

// Path tokens of a key pattern that stand for any key of a map and any
// item of an array. Key patterns come from the marks of the config schema
// ("models.providers.*.apiKey") and from OpenClaw's key list.
const (
	anyKey  = "*"
	anyItem = "[]"
)

// marks is what the config schema marks and defines per key: secrets
// (x-secret), keys whose changes need a restart (x-restart), settings-UI
// hints (x-ui) and the document of the defaults (default).
type marks struct {
	secret   [][]string
	restart  [][]string
	hints    map[string]map[string]any
	defaults map[string]any
	known    *keyNode // every key the schema defines
}

// schemaMarks are the marks of the embedded config schema.
var schemaMarks = sync.OnceValue(func() marks { return marksOf(configschema.Schema) })

// marksOf reads the marks of a config schema. A schema that does not
// decode has none (compiling it reports the problem).
func marksOf(schema []byte) marks {
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(schema))
	d.UseNumber()
	_ = d.Decode(&root)
	m := marks{hints: map[string]map[string]any{}, defaults: map[string]any{}, known: &keyNode{}}
	w := markWalker{root: root, m: &m}
	w.node(root, nil, m.defaults, 0)
	return m
}

// markWalker walks a config schema, following local $refs.
type markWalker struct {
	root map[string]any
	m    *marks
}

// maxMarkDepth bounds the walk (the config schema is a tree; a recursive
// $ref must not loop).
const maxMarkDepth = 32

// node records the marks of the schema n at path. defaults is the
// defaults object at path, nil below maps and arrays (no defaults there).
func (w markWalker) node(n map[string]any, path []string, defaults map[string]any, depth int) {
	if n == nil || depth > maxMarkDepth {
		return
	}
	if ref, ok := n["$ref"].(string); ok {
		w.node(w.resolve(ref), path, defaults, depth+1)
	}
	if len(path) > 0 {
		w.record(n, path)
		w.m.known.add(path)
	}
	props, _ := n["properties"].(map[string]any)
	for _, name := range sortedKeys(props) {
		sub, _ := props[name].(map[string]any)
		child := append(append([]string(nil), path...), name)
		var childDefaults map[string]any
		if defaults != nil {
			if v, ok := sub["default"]; ok && !isObjectValue(v) {
				defaults[name] = v
			} else if w.isObject(sub) {
				childDefaults = map[string]any{}
				defaults[name] = childDefaults
			}
		}
		w.node(sub, child, childDefaults, depth+1)
	}
	if ap, ok := n["additionalProperties"].(map[string]any); ok {
		w.node(ap, append(append([]string(nil), path...), anyKey), nil, depth+1)
	}
	if items, ok := n["items"].(map[string]any); ok {
		w.node(items, append(append([]string(nil), path...), anyItem), nil, depth+1)
	}
}

// record keeps the x-secret, x-restart and x-ui marks of the key at path.
func (w markWalker) record(n map[string]any, path []string) {
	secret := n["x-secret"] == true
	if secret {
		w.m.secret = append(w.m.secret, path)
	}
	if n["x-restart"] == true {
		w.m.restart = append(w.m.restart, path)
	}
	ui, _ := n["x-ui"].(map[string]any)
	if ui == nil && !secret {
		return
	}
	hint := map[string]any{}
	for k, v := range ui {
		hint[k] = v
	}
	if secret {
		hint["sensitive"] = true
	}
	w.m.hints[patternKey(path)] = hint
}

// resolve returns the schema a local "#/$defs/Name" reference names.
func (w markWalker) resolve(ref string) map[string]any {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		return nil
	}
	defs, _ := w.root["$defs"].(map[string]any)
	target, _ := defs[name].(map[string]any)
	return target
}

// isObject reports whether a property's schema (after its $ref) is an
// object with named properties, whose defaults form a nested document.
func (w markWalker) isObject(n map[string]any) bool {
	if ref, ok := n["$ref"].(string); ok {
		n = w.resolve(ref)
	}
	_, ok := n["properties"].(map[string]any)
	return ok
}

func isObjectValue(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// patternKey renders a key pattern the way OpenClaw's uiHints are keyed:
// "models.providers.*.apiKey", "hooks.mappings[].sessionKey".
func patternKey(path []string) string {
	var b strings.Builder
	for _, t := range path {
		if t != anyItem && b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

// matchesPrefix reports whether the pattern matches the first tokens of
// key: a literal token matches itself, "*" and "[]" match any token.
func matchesPrefix(pattern, key []string) bool {
	if len(key) < len(pattern) {
		return false
	}
	for i, p := range pattern {
		if p != anyKey && p != anyItem && p != key[i] {
			return false
		}
	}
	return true
}

// expand returns the paths of doc that a pattern names, in a stable
// order: "*" expands over the keys of an object, "[]" over the indexes of
// an array.
func expand(doc any, pattern []string) [][]string {
	var out [][]string
	var walk func(cur any, rest, prefix []string)
	walk = func(cur any, rest, prefix []string) {
		if len(rest) == 0 {
			out = append(out, append([]string(nil), prefix...))
			return
		}
		switch v := cur.(type) {
		case map[string]any:
			if rest[0] == anyKey {
				for _, k := range sortedKeys(v) {
					walk(v[k], rest[1:], append(prefix, k))
				}
			} else if x, ok := v[rest[0]]; ok {
				walk(x, rest[1:], append(prefix, rest[0]))
			}
		case []any:
			if rest[0] == anyItem {
				for i, x := range v {
					walk(x, rest[1:], append(prefix, strconv.Itoa(i)))
				}
			}
		}
	}
	walk(doc, pattern, nil)
	return out
}
