package config

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// Change describes a change of the effective configuration.
type Change struct {
	// Prev and Next are the effective configurations before and after.
	Prev, Next Config
	// Changed lists every changed key (dotted); Restart the subset that
	// only takes effect after a restart.
	Changed []string
	Restart []string
}

// Diff compares two effective configurations.
func Diff(prev, next Config) Change {
	ch := Change{Prev: prev, Next: next}
	a, b := flatten(ToDoc(prev)), flatten(ToDoc(next))
	for k := range union(a, b) {
		if reflect.DeepEqual(a[k], b[k]) {
			continue
		}
		ch.Changed = append(ch.Changed, k)
		if NeedsRestart(k) {
			ch.Restart = append(ch.Restart, k)
		}
	}
	sort.Strings(ch.Changed)
	sort.Strings(ch.Restart)
	return ch
}

// NeedsRestart reports whether a change of the dotted key only applies
// after a restart: the schema marks the key, or a key above it, x-restart.
// Every other key reloads while the gateway runs.
func NeedsRestart(key string) bool {
	return needsRestart(schemaMarks().restart, key)
}

// needsRestart is NeedsRestart with the given restart patterns.
func needsRestart(patterns [][]string, key string) bool {
	tokens := strings.Split(key, ".")
	for _, p := range patterns {
		if matchesPrefix(p, tokens) {
			return true
		}
	}
	return false
}

// Has reports whether key, or any key below it, changed.
func (c Change) Has(key string) bool {
	for _, k := range c.Changed {
		if k == key || strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}

// flatten maps every leaf (and every array, as a whole) of a JSON tree
// to its dotted key.
func flatten(doc map[string]any) map[string]any {
	out := map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			out[prefix] = normalize(v)
			return
		}
		for k, x := range m {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			walk(key, x)
		}
	}
	walk("", doc)
	return out
}

// normalize makes equal JSON values compare equal with DeepEqual.
func normalize(v any) any {
	b, _ := json.Marshal(v)
	return string(b)
}

func union(a, b map[string]any) map[string]struct{} {
	out := make(map[string]struct{}, len(a)+len(b))
	for k := range a {
		out[k] = struct{}{}
	}
	for k := range b {
		out[k] = struct{}{}
	}
	return out
}
