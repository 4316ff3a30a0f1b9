package jsonnode

import (
	"fmt"
	"strconv"
	"strings"
)

// tokenEscaper and tokenUnescaper translate one JSON pointer reference
// token (RFC 6901) to and from its escaped form.
var (
	tokenEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// Join appends reference tokens to a JSON pointer.
func Join(pointer string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(pointer)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(tokenEscaper.Replace(t))
	}
	return b.String()
}

// Tokens splits a JSON pointer into unescaped reference tokens.
func Tokens(pointer string) ([]string, error) {
	if pointer == "" {
		return nil, nil
	}
	if pointer[0] != '/' {
		return nil, fmt.Errorf("JSON pointer %q does not start with '/'", pointer)
	}
	parts := strings.Split(pointer[1:], "/")
	for i, p := range parts {
		parts[i] = tokenUnescaper.Replace(p)
	}
	return parts, nil
}

// Lookup returns the node a JSON pointer designates inside root.
func Lookup(root *Node, pointer string) (*Node, error) {
	tokens, err := Tokens(pointer)
	if err != nil {
		return nil, err
	}
	n := root
	for i, t := range tokens {
		next, err := step(n, t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", Join("", tokens[:i+1]...), err)
		}
		n = next
	}
	return n, nil
}

func step(n *Node, token string) (*Node, error) {
	switch n.Kind {
	case Object:
		if v := n.Get(token); v != nil {
			return v, nil
		}
		return nil, fmt.Errorf("no member %q", token)
	case Array:
		i, err := strconv.Atoi(token)
		if err != nil || i < 0 || i >= len(n.Items) || (len(token) > 1 && token[0] == '0') {
			return nil, fmt.Errorf("no element %q", token)
		}
		return n.Items[i], nil
	default:
		return nil, fmt.Errorf("cannot descend into a %s", n.Kind)
	}
}

// Display returns a pointer for messages: "(root)" for the empty pointer.
func Display(pointer string) string {
	if pointer == "" {
		return "(root)"
	}
	return pointer
}
