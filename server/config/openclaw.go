package config

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"

	configschema "github.com/gatewire/gatewire/schema/config"
)

// keyNode is one key of OpenClaw's config schema, as a tree of the key
// paths in schema/config/openclaw-keys.json. "*" children stand for any
// object key, "[]" children for any array item; an open node accepts any
// key below it.
type keyNode struct {
	children map[string]*keyNode
	open     bool
}

// openClawData is OpenClaw's key list, read once on first use (it is only
// needed when a file has keys gatewire's schema does not define, and for
// the redaction of OpenClaw's secrets).
type openClawData struct {
	root     *keyNode
	secrets  [][]string
	versions []string
}

// openClawKeys reads the embedded key list.
var openClawKeys = sync.OnceValue(func() openClawData { return parseOpenClawKeys(configschema.OpenClawKeys) })

// parseOpenClawKeys builds the key tree from the key file's text; text
// that does not decode gives an empty tree (every foreign key is then an
// unknown key, the safe side).
func parseOpenClawKeys(data []byte) openClawData {
	var f struct {
		Versions []string          `json:"versions"`
		Keys     map[string]string `json:"keys"`
		Open     map[string]string `json:"open"`
		Secrets  map[string]string `json:"secrets"`
	}
	_ = json.Unmarshal(data, &f)
	d := openClawData{root: &keyNode{}, versions: f.Versions}
	for k := range f.Keys {
		d.root.add(splitPattern(k))
	}
	for k := range f.Open {
		d.root.add(splitPattern(k)).open = true
	}
	for _, k := range sortedKeys(f.Secrets) {
		d.secrets = append(d.secrets, splitPattern(k))
	}
	return d
}

// splitPattern splits a key path of the key file ("a.*.b", "a.[].b"; ""
// is the document itself).
func splitPattern(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

// add returns the node at path below n, creating the nodes on the way.
func (n *keyNode) add(path []string) *keyNode {
	for _, t := range path {
		if n.children == nil {
			n.children = map[string]*keyNode{}
		}
		next := n.children[t]
		if next == nil {
			next = &keyNode{}
			n.children[t] = next
		}
		n = next
	}
	return n
}

// step returns the node for one member of a value at n: the member's own
// key, else any key ("*") for objects and any item ("[]") for arrays.
func (n *keyNode) step(parent any, token string) *keyNode {
	if n == nil {
		return nil
	}
	if _, isArray := parent.([]any); isArray {
		return n.children[anyItem]
	}
	if c := n.children[token]; c != nil {
		return c
	}
	return n.children[anyKey]
}

// foreignKey is a key of a config document that gatewire's schema does
// not define.
type foreignKey struct {
	tokens  []string // where gatewire's schema reported it
	unknown []string // nil when OpenClaw defines all of it, else the first path OpenClaw does not define either
}

// classify tells, for a key gatewire's schema does not define, whether
// OpenClaw's config defines it and everything below it.
func (d openClawData) classify(doc map[string]any, tokens []string) foreignKey {
	fk := foreignKey{tokens: tokens}
	var cur any = doc
	n := d.root
	for _, t := range tokens {
		if n.open {
			return fk
		}
		n = n.step(cur, t)
		cur = member(cur, t)
		if n == nil {
			fk.unknown = tokens // OpenClaw lacks it too: a typo where gatewire's schema found it
			return fk
		}
	}
	fk.unknown = n.firstUnknown(cur, tokens)
	return fk
}

// firstUnknown returns the first path below v (at path) that n does not
// define, in key order, or nil.
func (n *keyNode) firstUnknown(v any, path []string) []string {
	if n.open {
		return nil
	}
	var keys []string
	switch v := v.(type) {
	case map[string]any:
		keys = sortedKeys(v)
	case []any:
		for i := range v {
			keys = append(keys, strconv.Itoa(i))
		}
	default:
		return nil
	}
	for _, k := range keys {
		child := append(append([]string(nil), path...), k)
		c := n.step(v, k)
		if c == nil {
			return child
		}
		if u := c.firstUnknown(member(v, k), child); u != nil {
			return u
		}
	}
	return nil
}

// notImplementedKey is how a foreign key OpenClaw defines is listed in
// the start-up warning: its dotted path, or for a top-level section the
// keys inside it ("channels.telegram", not "channels").
func notImplementedKeys(doc map[string]any, tokens []string) []string {
	if len(tokens) == 1 {
		if m, ok := doc[tokens[0]].(map[string]any); ok && len(m) > 0 {
			var out []string
			for _, k := range sortedKeys(m) {
				out = append(out, dottedKey([]string{tokens[0], k}))
			}
			return out
		}
	}
	return []string{dottedKey(tokens)}
}

// sortedUnique sorts a list and drops repeats.
func sortedUnique(list []string) []string {
	sort.Strings(list)
	out := list[:0]
	for i, s := range list {
		if i == 0 || s != list[i-1] {
			out = append(out, s)
		}
	}
	return out
}
