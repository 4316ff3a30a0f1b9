package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/titanous/json5"
)

// File is a config file as read from disk (or as proposed by a write).
type File struct {
	// Path is the file's path.
	Path string
	// Exists is false when the file does not exist (defaults apply).
	Exists bool
	// Raw is the file's text, "" when it does not exist.
	Raw string
	// Doc is the document as parsed, as a JSON tree (objects are
	// map[string]any, numbers json.Number); empty when the file does not
	// exist.
	Doc map[string]any
	// Config is the document with defaults applied.
	Config Config
	// NotImplemented lists the keys of the document that OpenClaw's own
	// config defines but gatewire does not implement (accepted, unused),
	// sorted: "channels.telegram", "models.mode".
	NotImplemented []string
}

// Hash returns the hex SHA-256 of the raw file text (of "" when the file
// does not exist); writes must present it as baseHash.
func (f *File) Hash() string { return HashRaw(f.Raw) }

// HashRaw returns the hex SHA-256 of raw config text.
func HashRaw(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// Error is an invalid config file: its path and what is wrong.
type Error struct {
	Path   string  // the config file
	Issues []Issue // every problem found, at least one
}

// Error names the file and every issue with its line and key.
func (e *Error) Error() string {
	if len(e.Issues) == 1 {
		return fmt.Sprintf("config file %s: %s", e.Path, e.Issues[0])
	}
	lines := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		lines[i] = "  " + is.String()
	}
	return fmt.Sprintf("config file %s is invalid:\n%s", e.Path, strings.Join(lines, "\n"))
}

// Summary joins the issues on one line, for protocol error messages.
func (e *Error) Summary() string {
	parts := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		parts[i] = is.String()
	}
	return strings.Join(parts, "; ")
}

// Load reads and validates the config file at path. A missing file means
// defaults unless mustExist is set (the path was given explicitly), in
// which case it is an error. Any file that does not parse or validate is
// an *Error.
func Load(path string, mustExist bool) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if mustExist {
			return nil, &Error{Path: path, Issues: []Issue{{Message: "the file does not exist"}}}
		}
		return &File{Path: path, Doc: map[string]any{}, Config: Defaults()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading config file: %w", err)
	}
	return Parse(path, string(data))
}

// Parse parses and validates raw config text for the file at path. On a
// validation failure it returns the parsed file (when the text parsed at
// all) together with an *Error, so callers can still report it.
func Parse(path, raw string) (*File, error) {
	f := &File{Path: path, Exists: true, Raw: raw, Config: Defaults()}
	canonical, issue := canonicalJSON(raw)
	if issue != nil {
		return nil, &Error{Path: path, Issues: []Issue{*issue}}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(canonical))
	if err != nil {
		return nil, &Error{Path: path, Issues: []Issue{{Message: err.Error()}}}
	}
	f.Doc, _ = doc.(map[string]any)
	issues, notImplemented, used := sortForeign(f.Doc, validateSchema(doc))
	f.NotImplemented = notImplemented
	if len(issues) == 0 {
		c, err := decode(used)
		if err != nil {
			issues = append(issues, Issue{Message: err.Error()})
		}
		f.Config = c
	}
	if len(issues) == 0 {
		issues = checkValues(f.Config, f.Doc)
	}
	if len(issues) > 0 {
		return f, &Error{Path: path, Issues: withLines(raw, issues)}
	}
	return f, nil
}

// canonicalJSON parses JSON5 text and re-encodes it as plain JSON.
func canonicalJSON(raw string) ([]byte, *Issue) {
	if strings.TrimSpace(raw) == "" {
		return nil, &Issue{Message: "the file is empty (write {} to use the defaults)"}
	}
	var v any
	if err := json5.Unmarshal([]byte(raw), &v); err != nil {
		is := &Issue{Message: "not valid JSON5: " + err.Error()}
		var se *json5.SyntaxError
		if errors.As(err, &se) {
			is.Line = syntaxLine(raw, int(se.Offset))
		}
		return nil, is
	}
	if dups := duplicates(raw); len(dups) > 0 {
		d := dups[0]
		return nil, &Issue{
			Key: dottedKey(d.pointer), Line: lineOf(raw, d.next), pointer: d.pointer,
			Message: fmt.Sprintf("duplicate key (also at line %d); a key may appear only once in an object", lineOf(raw, d.first)),
		}
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, &Issue{Message: "the config must be an object"}
	}
	canonical, err := json.Marshal(v)
	if err != nil {
		return nil, &Issue{Message: "unsupported value (NaN and Infinity are not allowed): " + err.Error()}
	}
	return canonical, nil
}

// syntaxLine returns the line of a JSON5 syntax error whose offset is
// one past the offending byte; an error at the end of the text is put on
// the last line that has anything on it, so the line always exists.
func syntaxLine(raw string, offset int) int {
	pos := min(max(offset-1, 0), len(raw)-1)
	if strings.TrimSpace(raw[pos:]) == "" {
		pos = len(strings.TrimRightFunc(raw, unicode.IsSpace)) - 1
	}
	return lineOf(raw, max(pos, 0))
}

// withLines fills in each issue's line from where its key is in raw.
func withLines(raw string, issues []Issue) []Issue {
	spans := locate(raw)
	for i := range issues {
		if issues[i].Line > 0 || issues[i].pointer == nil {
			continue
		}
		for tokens := issues[i].pointer; ; tokens = tokens[:len(tokens)-1] {
			if sp, ok := spans[pointerOf(tokens)]; ok && len(tokens) > 0 {
				issues[i].Line = lineOf(raw, sp.key)
				break
			}
			if len(tokens) == 0 {
				break
			}
		}
	}
	return issues
}

// pointerOf joins tokens into a JSON pointer.
func pointerOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + escapePointer(t))
	}
	return b.String()
}
