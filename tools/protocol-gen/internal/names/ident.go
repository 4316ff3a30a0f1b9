package names

import (
	"strconv"
	"strings"
)

// GoExported returns an exported Go identifier for s with Go's
// initialisms, or "" when s has no letter or digit. A leading digit gets
// an "X" prefix.
func GoExported(s string) string {
	id := TypePart(s)
	if id == "" {
		return ""
	}
	if isDigit(id[0]) {
		id = "X" + id
	}
	return id
}

// TypeName turns a definition key into a PascalCase type name: a key that
// is already a valid identifier starting with a capital is kept as is;
// anything else is split into words, each capitalized. A leading digit
// gets a "T" prefix; "" is returned when s has no letter or digit.
func TypeName(s string) string {
	if IsPascalIdent(s) {
		return s
	}
	id := Pascal(s)
	if id == "" {
		return ""
	}
	if isDigit(id[0]) {
		id = "T" + id
	}
	return id
}

// IsPascalIdent reports whether s is an ASCII identifier starting with a
// capital letter.
func IsPascalIdent(s string) bool {
	if s == "" || !isUpper(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// Camel returns a lowerCamelCase identifier for s: a name already in
// lowerCamelCase is kept; otherwise the first word is lower-cased and the
// rest capitalized ("device_id" → "deviceId", "INVALID_REQUEST" →
// "invalidRequest", "URL" → "url"). A leading digit gets a "_" prefix;
// "" is returned when s has no letter or digit.
func Camel(s string) string {
	if isLowerCamel(s) {
		return s
	}
	words := Words(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(words[0]))
	for _, w := range words[1:] {
		if strings.ToUpper(w) == w && len(w) > 1 && !initialisms[w] {
			w = strings.ToLower(w)
		}
		b.WriteString(upperFirst(w))
	}
	id := b.String()
	if isDigit(id[0]) {
		id = "_" + id
	}
	return id
}

func isLowerCamel(s string) bool {
	if s == "" || !isLower(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// Allocator hands out unique names: the first request for a name gets it,
// later ones get a numeric suffix ("Name2", "Name3", …).
type Allocator struct {
	used map[string]bool
}

// NewAllocator returns an allocator with the given names already taken.
func NewAllocator(taken ...string) *Allocator {
	a := &Allocator{used: map[string]bool{}}
	for _, t := range taken {
		a.used[t] = true
	}
	return a
}

// Reserve marks name as used and reports whether it was free.
func (a *Allocator) Reserve(name string) bool {
	if a.used[name] {
		return false
	}
	a.used[name] = true
	return true
}

// Unique returns name, or name with the smallest numeric suffix from 2 up
// that is free, and marks the result as used.
func (a *Allocator) Unique(name string) string {
	if a.Reserve(name) {
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if a.Reserve(n) {
			return n
		}
	}
}
