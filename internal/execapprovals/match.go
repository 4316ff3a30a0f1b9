package execapprovals

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Match returns the first allowlist entry that trusts the binary argv0
// resolved to, or nil. A lone "*" trusts every binary; a pattern with a
// path selector (/, \ or ~) is a glob over resolvedPath; a bare name
// pattern matches only when argv0 itself is a bare name (found through
// PATH), against argv0 and resolvedPath's base name. Nothing matches an
// unresolved binary except "*".
func Match(entries []protocol.ExecApprovalsAllowlistEntry, argv0, resolvedPath string) *protocol.ExecApprovalsAllowlistEntry {
	for i := range entries {
		if strings.TrimSpace(entries[i].Pattern) == "*" && entries[i].ArgPattern == nil && argv0 != "" {
			return &entries[i]
		}
	}
	if resolvedPath == "" {
		return nil
	}
	for i := range entries {
		pattern := strings.TrimSpace(entries[i].Pattern)
		switch {
		case pattern == "" || pattern == "*":
		case hasPathSelector(pattern):
			if globMatch(expandHome(pattern), resolvedPath) {
				return &entries[i]
			}
		case !hasPathSelector(argv0):
			if globMatch(pattern, argv0) || globMatch(pattern, filepath.Base(resolvedPath)) {
				return &entries[i]
			}
		}
	}
	return nil
}

// hasPathSelector reports whether s names a path rather than a bare
// command name.
func hasPathSelector(s string) bool { return strings.ContainsAny(s, `/\~`) }

// expandHome replaces a leading ~ with the home directory.
func expandHome(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return home + strings.TrimPrefix(p, "~")
}

// globMatch matches target against a glob: ** any characters, * any
// characters but /, ? one character but /; the rest literally.
func globMatch(pattern, target string) bool {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch {
		case strings.HasPrefix(pattern[i:], "**"):
			b.WriteString(".*")
			i++
		case pattern[i] == '*':
			b.WriteString("[^/]*")
		case pattern[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	return err == nil && re.MatchString(target)
}
