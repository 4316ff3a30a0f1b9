package config

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Redacted replaces secret values wherever the config is shown.
const Redacted = "__OPENCLAW_REDACTED__"

// secretKeys are the keys whose values are secrets.
var secretKeys = [][]string{
	{"gateway", "auth", "token"},
	{"gateway", "auth", "password"},
}

// RedactDoc returns a deep copy of a config document with every non-empty
// secret replaced by Redacted.
func RedactDoc(doc map[string]any) map[string]any {
	out, _ := deepCopy(doc).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	for _, key := range secretKeys {
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

// ToDoc converts a Config to a JSON tree.
func ToDoc(c Config) map[string]any {
	raw, _ := json.Marshal(c) // plain structs always encode
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	return doc
}

// RedactRaw returns the file text with every secret value replaced by
// "__OPENCLAW_REDACTED__", keeping comments and layout. When a secret
// cannot be located in the text, the redacted document is returned as
// indented JSON instead, so a secret never leaks.
func RedactRaw(raw string, doc map[string]any) string {
	spans := locate(raw)
	var edits []edit
	for _, key := range secretKeys {
		s, ok := lookup(doc, key).(string)
		if !ok || s == "" {
			continue
		}
		sp, found := spans[pointerOf(key)]
		if !found {
			return indentJSON(RedactDoc(doc))
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
	for _, key := range secretKeys {
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

// lookup returns the value at key in a JSON tree, nil when absent.
func lookup(doc map[string]any, key []string) any {
	var cur any = doc
	for _, k := range key {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// set stores v at an existing key of a JSON tree.
func set(doc map[string]any, key []string, v any) {
	m := doc
	for _, k := range key[:len(key)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	m[key[len(key)-1]] = v
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
