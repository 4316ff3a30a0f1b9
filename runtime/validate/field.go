package validate

import (
	"bytes"
	"encoding/json"
)

// rawField returns the raw bytes of the top-level member name of obj, which
// must be a well-formed JSON object (one decodeJSON accepted). When a name
// occurs more than once the last occurrence wins, as it does for the
// decoded value the schema checked, so a handler never sees other bytes
// than those that were validated.
func rawField(obj []byte, name string) (json.RawMessage, bool) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, false
	}
	var found json.RawMessage
	ok := false
	i++
	for {
		i = skipSpace(obj, i)
		if i >= len(obj) || obj[i] != '"' {
			return found, ok
		}
		keyEnd := skipString(obj, i)
		key := obj[i:keyEnd]
		i = skipSpace(obj, keyEnd)
		if i >= len(obj) || obj[i] != ':' {
			return found, ok
		}
		start := skipSpace(obj, i+1)
		end := skipValue(obj, start)
		if keyEquals(key, name) {
			found, ok = obj[start:end], true
		}
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ',' {
			return found, ok
		}
		i++
	}
}

// keyEquals compares a quoted JSON key with name, decoding escapes only
// when the key has any.
func keyEquals(quotedKey []byte, name string) bool {
	if bytes.IndexByte(quotedKey, '\\') < 0 {
		return string(quotedKey[1:len(quotedKey)-1]) == name
	}
	var key string
	if err := json.Unmarshal(quotedKey, &key); err != nil {
		return false
	}
	return key == name
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index just past the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipNested(b, i)
	}
	for i < len(b) && !isDelimiter(b[i]) {
		i++
	}
	return i
}

// skipNested returns the index just past the object or array at b[i].
func skipNested(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(b)
}

func isDelimiter(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
