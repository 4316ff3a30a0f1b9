package hostexec

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
)

// portableKey is a name a run's env may set.
var portableKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// EnvCheck is the verdict on a run's env overrides.
type EnvCheck struct {
	// Accepted are the overrides that may be set, by name.
	Accepted map[string]string
	blocked  []string // upper case, sorted
	invalid  []string // as given (trimmed), sorted
}

// EnvValues decodes system.run's env values (a value that is not JSON
// stays nil, so it is skipped like any non-string).
func EnvValues(raw map[string]json.RawMessage) map[string]any {
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		var val any
		_ = json.Unmarshal(v, &val)
		out[k] = val
	}
	return out
}

// CheckEnv sorts a run's env overrides into accepted, blocked and
// invalid ones, as v3's node host does: non-string values are skipped,
// PATH and the dangerous names are blocked.
func CheckEnv(overrides map[string]any) EnvCheck {
	c := EnvCheck{Accepted: map[string]string{}}
	for raw, v := range overrides {
		val, ok := v.(string)
		if !ok {
			continue
		}
		key := strings.TrimSpace(raw)
		if !portableKey.MatchString(key) {
			c.invalid = appendUnique(c.invalid, key)
			continue
		}
		upper := strings.ToUpper(key)
		if upper == "PATH" || dangerous(upper) || blockedOverrideKeys[upper] || hasPrefix(upper, blockedOverridePrefixes) {
			c.blocked = appendUnique(c.blocked, upper)
			continue
		}
		c.Accepted[key] = val
	}
	slices.Sort(c.blocked)
	slices.Sort(c.invalid)
	return c
}

// Rejection is v3's message for refused overrides, or "" when none was.
func (c EnvCheck) Rejection() string {
	var parts []string
	if len(c.blocked) > 0 {
		parts = append(parts, "blocked override keys: "+strings.Join(c.blocked, ", "))
	}
	if len(c.invalid) > 0 {
		parts = append(parts, "invalid non-portable override keys: "+strings.Join(c.invalid, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return "SYSTEM_RUN_DENIED: environment override rejected (" + strings.Join(parts, "; ") + ")"
}

// RunEnv is the environment of a run: the host's own without the
// dangerous names, with the accepted overrides on top.
func RunEnv(accepted map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		key, _, _ := strings.Cut(kv, "=")
		upper := strings.ToUpper(key)
		if _, over := accepted[key]; over || blockedInheritedKeys[upper] || hasPrefix(upper, blockedPrefixes) {
			continue
		}
		env = append(env, kv)
	}
	keys := make([]string, 0, len(accepted))
	for k := range accepted {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		env = append(env, k+"="+accepted[k])
	}
	return env
}

// dangerous reports whether an upper-case name may neither be inherited
// nor set.
func dangerous(upper string) bool { return blockedKeys[upper] || hasPrefix(upper, blockedPrefixes) }

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
