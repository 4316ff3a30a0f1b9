package approvals

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// envKeyPattern is what an env name must look like to count (v3's
// portable names, plus parentheses for Windows names).
var envKeyPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_()]*$`)

// EnvHash is the hash a system.run approval binds its env with: SHA-256
// (hex) of the JSON of the [name, value] pairs sorted by name (names
// trimmed, names that are not env names left out); nil when no pair is
// left.
func EnvHash(env map[string]string) *string {
	pairs := make([][2]string, 0, len(env))
	for k, v := range env {
		if k = strings.TrimSpace(k); envKeyPattern.MatchString(k) {
			pairs = append(pairs, [2]string{k, v})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(pairs) // strings always encode
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	h := hex.EncodeToString(sum[:])
	return &h
}

// nonEmpty returns the trimmed string, nil when absent or blank.
func nonEmpty(s *string) *string {
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil
	}
	t := strings.TrimSpace(*s)
	return &t
}

// shellWrappers are the shells whose "-c <script>" form may be shown as
// just the script.
var shellWrappers = map[string]bool{"ash": true, "bash": true, "dash": true, "fish": true, "ksh": true, "sh": true, "zsh": true}

// shellScript returns the script of a plain "<shell> -c <script>" argv
// (nothing after the script), or "".
func shellScript(argv []string) string {
	if len(argv) != 3 {
		return ""
	}
	name := argv[0]
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	flag := argv[1]
	if !shellWrappers[strings.ToLower(name)] || !strings.HasPrefix(flag, "-") || strings.HasPrefix(flag, "--") || !strings.Contains(flag, "c") {
		return ""
	}
	return strings.TrimSpace(argv[2])
}
