package swift

import (
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/names"
)

// keywords are Swift's reserved words and the contextual words that cannot
// name a stored property or an enum case without backticks.
var keywords = map[string]bool{
	"associatedtype": true, "class": true, "deinit": true, "enum": true, "extension": true, "fileprivate": true,
	"func": true, "import": true, "init": true, "inout": true, "internal": true, "let": true, "open": true,
	"operator": true, "private": true, "precedencegroup": true, "protocol": true, "public": true,
	"rethrows": true, "static": true, "struct": true, "subscript": true, "typealias": true, "var": true,
	"break": true, "case": true, "catch": true, "continue": true, "default": true, "defer": true, "do": true,
	"else": true, "fallthrough": true, "for": true, "guard": true, "if": true, "in": true, "repeat": true,
	"return": true, "throw": true, "switch": true, "where": true, "while": true, "Any": true, "as": true,
	"await": true, "false": true, "is": true, "nil": true, "self": true, "Self": true, "super": true,
	"throws": true, "true": true, "try": true, "_": true, "Type": true, "Protocol": true,
	"some": true, "any": true, "async": true, "actor": true, "macro": true, "package": true,
	"consume": true, "borrowing": true, "consuming": true, "each": true,
}

// Reserved are type names the generated Swift uses or that the standard
// library owns; no model type may take them.
func Reserved() []string {
	return []string{
		"AnyCodable", "Any", "AnyObject", "Self", "Type", "Protocol", "String", "Int", "Double", "Float",
		"Bool", "Array", "Dictionary", "Set", "Optional", "Result", "Error", "Never", "Void", "Character",
		"Codable", "Decodable", "Encodable", "Sendable", "Decoder", "Encoder", "CodingKey", "CodingKeys",
		"DecodingError", "EncodingError", "Equatable", "Hashable", "CaseIterable", "Int64",
	}
}

// propertyName returns the Swift property for a JSON member: the member
// name when it already is lowerCamelCase, its camelCase form otherwise;
// keywords get a "Value" suffix.
func propertyName(key string, index int) string {
	id := names.Camel(key)
	if id == "" {
		id = "field" + strconv.Itoa(index+1)
	}
	if keywords[id] {
		id += "Value"
	}
	return id
}

// caseName returns an enum case for a value: its camelCase form, or
// value<n> when it has no letter or digit (escapeCase backquotes a
// keyword).
func caseName(value string, index int) string {
	id := names.Camel(value)
	if id == "" {
		id = "value" + strconv.Itoa(index+1)
	}
	return id
}

// escapeCase backquotes a keyword used as a case name.
func escapeCase(id string) string {
	if keywords[id] {
		return "`" + id + "`"
	}
	return id
}

// literal returns a Swift string literal for s.
func literal(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0xfeff || (r >= 0x80 && r < 0xa0):
			b.WriteString(`\u{` + strconv.FormatInt(int64(r), 16) + `}`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
