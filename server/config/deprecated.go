package config

// deprecatedKeys are keys gatewire still honours but that have a
// replacement, with the warning that says what to use instead.
var deprecatedKeys = []struct {
	key     []string
	message string
}{
	{[]string{"models", "catalog"}, "deprecated: list the models under models.providers.<id>.models " +
		"(OpenClaw's key); models.list still lists these, but no provider serves them"},
}

// Deprecations returns a warning for each deprecated key a config
// document sets.
func Deprecations(doc map[string]any) []Issue {
	var out []Issue
	for _, d := range deprecatedKeys {
		if lookup(doc, d.key) != nil {
			out = append(out, Issue{Key: dottedKey(d.key), Message: d.message, pointer: d.key})
		}
	}
	return out
}
