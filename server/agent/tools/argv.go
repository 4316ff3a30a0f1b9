package tools

import (
	"errors"
	"strings"
)

// shellPath is the shell a command runs through when shell is true.
const shellPath = "/bin/sh"

// shellSyntax are the characters that mean something to a shell when
// they appear outside quotes.
const shellSyntax = "|&;<>()`$\n"

// commandArgv turns the exec tool's command line into the argv to run:
// through the shell when asked, otherwise split into words.
func commandArgv(command string, shell bool) ([]string, error) {
	if strings.TrimSpace(command) == "" {
		return nil, errors.New("command required")
	}
	if shell {
		return []string{shellPath, "-c", command}, nil
	}
	return splitWords(command)
}

// splitWords splits a command line into words as a POSIX shell would for
// a simple command of literal words: blanks separate, single quotes keep
// everything, double quotes keep everything but a backslash before one
// of \ " $ `, a backslash outside quotes escapes the next character.
// Unquoted shell syntax (pipes, redirections, substitutions, lists) is
// refused, since nothing here would interpret it.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		case r == '\'':
			end := indexRune(rs, i+1, '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote in command")
			}
			cur.WriteString(string(rs[i+1 : end]))
			i, inWord = end, true
		case r == '"':
			end, err := doubleQuoted(rs, i+1, &cur)
			if err != nil {
				return nil, err
			}
			i, inWord = end, true
		case r == '\\':
			if i+1 < len(rs) {
				i++
				cur.WriteRune(rs[i])
			}
			inWord = true
		case strings.ContainsRune(shellSyntax, r):
			return nil, errors.New("the command uses shell syntax (" + strings.TrimSpace(string(r)) +
				"); it runs without a shell, so set shell: true to run it through " + shellPath)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, errors.New("command required")
	}
	return words, nil
}

// doubleQuoted copies a double-quoted string starting at rs[i] into cur
// and returns the index of its closing quote.
func doubleQuoted(rs []rune, i int, cur *strings.Builder) (int, error) {
	for ; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '"':
			return i, nil
		case r == '\\' && i+1 < len(rs) && strings.ContainsRune("\\\"$`", rs[i+1]):
			i++
			cur.WriteRune(rs[i])
		case r == '$' || r == '`':
			return 0, errors.New("the command uses shell syntax (" + string(r) + " inside double quotes); set shell: true to run it through " + shellPath)
		default:
			cur.WriteRune(r)
		}
	}
	return 0, errors.New("unterminated double quote in command")
}

// indexRune is the index of r in rs from i, or -1.
func indexRune(rs []rune, i int, r rune) int {
	for ; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
