package controlui

import (
	"fmt"
	"path"
	"strings"
)

// NormalizeBasePath returns the canonical form of a configured base path:
// "" for the root, otherwise "/seg[/seg...]" with no trailing slash. A
// path with a query, a fragment, "." or ".." segments or characters that
// need escaping is an error.
func NormalizeBasePath(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" || p == "/" {
		return "", nil
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = strings.TrimRight(p, "/")
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", fmt.Errorf("base path %q: empty, \".\" or \"..\" segment", p)
		}
		for _, c := range seg {
			if !basePathChar(c) {
				return "", fmt.Errorf("base path %q: character %q is not allowed (letters, digits and -._~ only)", p, c)
			}
		}
	}
	if path.Clean(p) != p {
		return "", fmt.Errorf("base path %q is not clean", p)
	}
	return p, nil
}

// basePathChar reports whether c may appear in a base path segment: the
// URL's unreserved characters.
func basePathChar(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-._~", c)
}
