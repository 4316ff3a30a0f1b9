package golang

import (
	"bytes"
	"strings"
)

// groupImports puts the standard library imports of a rendered file
// first and the others after a blank line, as goimports does; jennifer
// writes them as one sorted list.
func groupImports(src []byte) []byte {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src
	}
	start += len("\nimport (\n")
	end := bytes.Index(src[start:], []byte("\n)\n"))
	if end < 0 {
		return src
	}
	var std, other []string
	for _, line := range strings.Split(string(src[start:start+end]), "\n") {
		if isStdImport(line) {
			std = append(std, line)
		} else {
			other = append(other, line)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return src
	}
	block := strings.Join(std, "\n") + "\n\n" + strings.Join(other, "\n")
	out := append([]byte(nil), src[:start]...)
	out = append(out, block...)
	return append(out, src[start+end:]...)
}

// isStdImport reports whether an import line names a standard library
// package: its path's first element has no dot.
func isStdImport(line string) bool {
	_, path, ok := strings.Cut(line, `"`)
	if !ok {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(strings.TrimSuffix(first, `"`), ".")
}
