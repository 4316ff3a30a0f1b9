package execapprovals

import "strings"

// CommandText is the command text of an argv as v3 shows it to approvers
// and in exec events: arguments joined by spaces, an empty one as "", one
// with white space (JavaScript's \s) or a double quote in double quotes,
// inner quotes escaped.
func CommandText(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		switch {
		case a == "":
			parts[i] = `""`
		case strings.ContainsRune(a, '"') || strings.ContainsFunc(a, isJSSpace):
			parts[i] = `"` + strings.ReplaceAll(a, `"`, `\"`) + `"`
		default:
			parts[i] = a
		}
	}
	return strings.Join(parts, " ")
}

// isJSSpace reports the white space JavaScript's \s matches.
func isJSSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}
