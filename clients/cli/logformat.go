package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// printLogLines prints the lines of a logs.tail reply: as the gateway
// wrote them with asJSON, else formatted for people.
func printLogLines(w io.Writer, r *protocol.LogsTailResult, asJSON bool) error {
	for _, line := range r.Lines {
		if !asJSON {
			line = formatLogLine(line)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// formatLogLine turns one JSON log record into "time LEVEL msg k=v …",
// keeping the record's key order. A line that is not a JSON object is
// printed unchanged.
func formatLogLine(line string) string {
	keys, values, ok := orderedObject(line)
	if !ok {
		return line
	}
	var head [3]string
	var rest []string
	for i, k := range keys {
		switch k {
		case "time":
			head[0] = textValue(values[i])
		case "level":
			head[1] = textValue(values[i])
		case "msg":
			head[2] = textValue(values[i])
		default:
			rest = append(rest, k+"="+plainValue(values[i]))
		}
	}
	parts := make([]string, 0, 3+len(rest))
	for _, h := range head {
		if h != "" {
			parts = append(parts, h)
		}
	}
	return strings.Join(append(parts, rest...), " ")
}

// orderedObject decodes a JSON object's keys and raw values in order.
func orderedObject(s string) ([]string, []json.RawMessage, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, false
	}
	var keys []string
	var values []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return nil, nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, false
		}
		keys, values = append(keys, key), append(values, v)
	}
	return keys, values, true
}

// textValue returns a string value as it is, and anything else as
// plainValue does.
func textValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return plainValue(raw)
}

// plainValue prints a string without quotes when it has no spaces, and
// anything else as compact JSON.
func plainValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if strings.ContainsAny(s, " \t\n\"=") {
			return fmt.Sprintf("%q", s)
		}
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return string(raw)
	}
	return buf.String()
}
