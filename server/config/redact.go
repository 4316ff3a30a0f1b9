package config

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Redacted replaces secret values wherever the config is shown.
const Redacted = "__OPENCLAW_REDACTED__"

// secretPatterns are the key patterns whose values are secrets in doc:
// the keys the config schema marks x-secret and, when doc has keys the
// schema does not define (an OpenClaw file), the keys OpenClaw's own
// config marks sensitive. OpenClaw's key list is read only then.
func secretPatterns(doc map[string]any) [][]string {
	m := schemaMarks()
	if m.known.firstUnknown(doc, nil) == nil {
		return m.secret
	}
	return append(append([][]string(nil), m.secret...), openClawKeys().secrets...)
}

// secretKeys returns the paths of doc that hold secrets, per patterns.
func secretKeys(doc map[string]any, patterns [][]string) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, p := range patterns {
		for _, key := range expand(doc, p) {
			if ptr := pointerOf(key); !seen[ptr] {
				seen[ptr] = true
				out = append(out, key)
			}
		}
	}
	return out
}

// RedactDoc returns a deep copy of a config document with every non-empty
// secret replaced by Redacted.
func RedactDoc(doc map[string]any) map[string]any {
	return redactDoc(doc, secretPatterns(doc))
}

// redactDoc is RedactDoc with the given secret patterns.
func redactDoc(doc map[string]any, patterns [][]string) map[string]any {
	out, _ := deepCopy(doc).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	for _, key := range secretKeys(out, patterns) {
		if s, ok := lookup(out, key).(string); ok && s != "" {
			set(out, key, Redacted)
		}
	}
	return out
}

// RedactConfig returns c as a JSON tree with its secrets redacted.
func RedactConfig(c Config) map[string]any {
	return RedactDoc(ToDoc(c))
}

// ToDoc converts a Config to a JSON tree. Optional keys that are unset
// (nil pointers, encoded as null) are left out.
func ToDoc(c Config) map[string]any {
	raw, _ := json.Marshal(c) // plain structs always encode
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	dropNulls(doc)
	return doc
}

// dropNulls deletes every null member of the objects of a JSON tree.
func dropNulls(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil {
				delete(v, k)
				continue
			}
			dropNulls(x)
		}
	case []any:
		for _, x := range v {
			dropNulls(x)
		}
	}
}

// RedactRaw returns the file text with every secret value replaced by
// "__OPENCLAW_REDACTED__", keeping comments and layout. When a secret
// cannot be located in the text, the redacted document is returned as
// indented JSON instead, so a secret never leaks.
func RedactRaw(raw string, doc map[string]any) string {
	patterns := secretPatterns(doc)
	spans := locate(raw)
	var edits []edit
	for _, key := range secretKeys(doc, patterns) {
		s, ok := lookup(doc, key).(string)
		if !ok || s == "" {
			continue
		}
		sp, found := spans[pointerOf(key)]
		if !found {
			return indentJSON(redactDoc(doc, patterns))
		}
		edits = append(edits, edit{sp, strconv.Quote(Redacted)})
	}
	return applyEdits(raw, edits)
}

// restoreRedacted replaces, in raw text about to be written, every secret
// whose value is Redacted with the current value of that secret (a client
// that edits the text config.get returned sends the placeholders back).
func restoreRedacted(raw string, current map[string]any) (string, error) {
	canonical, issue := canonicalJSON(raw)
	if issue != nil {
		return raw, nil // Parse reports the problem
	}
	var doc map[string]any
	if err := json.Unmarshal(canonical, &doc); err != nil {
		return raw, nil
	}
	spans := locate(raw)
	var edits []edit
	for _, key := range secretKeys(doc, secretPatterns(doc)) {
		if s, _ := lookup(doc, key).(string); s != Redacted {
			continue
		}
		old, err := keptSecret(key, current)
		if err != nil {
			return "", err
		}
		sp, found := spans[pointerOf(key)]
		if !found {
			return "", fmt.Errorf("%s is %s but its value could not be found in the text; send the real value", dottedKey(key), Redacted)
		}
		quoted, _ := json.Marshal(old)
		edits = append(edits, edit{sp, string(quoted)})
	}
	return applyEdits(raw, edits), nil
}

// keptSecret returns the current value of the secret at key, which a
// write that sent Redacted for it keeps.
func keptSecret(key []string, current map[string]any) (string, error) {
	old, _ := lookup(current, key).(string)
	if old == "" {
		return "", fmt.Errorf("%s is %s but there is no current value to keep; send the real value", dottedKey(key), Redacted)
	}
	return old, nil
}

// edit replaces the value at a span.
type edit struct {
	at   span
	with string
}

func applyEdits(raw string, edits []edit) string {
	sort.Slice(edits, func(a, b int) bool { return edits[a].at.start > edits[b].at.start })
	for _, e := range edits {
		raw = raw[:e.at.start] + e.with + raw[e.at.end:]
	}
	return raw
}

func indentJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b) + "\n"
}

// lookup returns the value at key in a JSON tree (array items by their
// index), nil when absent.
func lookup(doc map[string]any, key []string) any {
	var cur any = doc
	for _, k := range key {
		cur = member(cur, k)
	}
	return cur
}

// member returns one member of an object or item of an array.
func member(v any, k string) any {
	switch v := v.(type) {
	case map[string]any:
		return v[k]
	case []any:
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < len(v) {
			return v[i]
		}
	}
	return nil
}

// set stores v at an existing key of a JSON tree.
func set(doc map[string]any, key []string, v any) {
	parent := lookup(doc, key[:len(key)-1])
	last := key[len(key)-1]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = v
	case []any:
		if i, err := strconv.Atoi(last); err == nil && i >= 0 && i < len(p) {
			p[i] = v
		}
	}
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}
