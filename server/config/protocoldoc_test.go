package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	configschema "github.com/gatewire/gatewire/schema/config"
)

// TestProtocolDocListsEveryConfigKey keeps PROTOCOL.md's config table
// true: every key of the schema has a row, every row names a key of the
// schema, and a row says "after a restart" exactly when the schema marks
// the key x-restart.
func TestProtocolDocListsEveryConfigKey(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "PROTOCOL.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := configTable(t, string(doc))
	keys := schemaLeaves(t)
	for _, k := range keys {
		applied, ok := rows[k]
		if !ok {
			t.Errorf("PROTOCOL.md's config table has no row for %s", k)
			continue
		}
		if restart := strings.Contains(applied, "after a restart"); restart != NeedsRestart(k) {
			t.Errorf("PROTOCOL.md says %s applies %q; the schema's x-restart mark says restart=%v", k, applied, NeedsRestart(k))
		}
	}
	for k := range rows {
		if !slices.Contains(keys, k) {
			t.Errorf("PROTOCOL.md's config table names %s, which the schema does not define", k)
		}
	}
}

// configTable returns the rows of the key/default/applied table of
// PROTOCOL.md's config section: each key (braces expanded) and its
// "applied" cell.
func configTable(t *testing.T, doc string) map[string]string {
	start := strings.Index(doc, "| key | default | applied |")
	if start < 0 {
		t.Fatal("PROTOCOL.md has no config table")
	}
	rows := map[string]string{}
	code := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(doc[start:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(line, "|")
		if len(cells) < 5 {
			t.Fatalf("malformed row %q", line)
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			for _, k := range expandBraces(m[1]) {
				rows[k] = strings.TrimSpace(cells[3])
			}
		}
	}
	return rows
}

// expandBraces turns "a.{b,c}" into "a.b" and "a.c".
func expandBraces(s string) []string {
	open, close := strings.Index(s, "{"), strings.Index(s, "}")
	if open < 0 || close < open {
		return []string{s}
	}
	var out []string
	for _, alt := range strings.Split(s[open+1:close], ",") {
		out = append(out, s[:open]+alt+s[close+1:])
	}
	return out
}

// schemaLeaves lists the config schema's keys that are not objects with
// properties of their own (lists of objects count as one key).
func schemaLeaves(t *testing.T) []string {
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(configschema.Schema))
	if err := d.Decode(&root); err != nil {
		t.Fatal(err)
	}
	w := markWalker{root: root}
	var out []string
	var walk func(n map[string]any, path []string)
	walk = func(n map[string]any, path []string) {
		if ref, ok := n["$ref"].(string); ok {
			n = w.resolve(ref)
		}
		props, ok := n["properties"].(map[string]any)
		if !ok {
			out = append(out, strings.Join(path, "."))
			return
		}
		for _, k := range sortedKeys(props) {
			if k == "$schema" {
				continue
			}
			sub, _ := props[k].(map[string]any)
			walk(sub, append(append([]string(nil), path...), k))
		}
	}
	walk(root, nil)
	return out
}
