package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// printLogLines prints the lines of a logs.tail reply: as the gateway
// wrote them with asJSON, else formatted for people.
func printLogLines(w io.Writer, r *protocol.LogsTailResult, asJSON bool) error {
	for _, line := range r.Lines {
		if asJSON {
			line = escapeText(line)
		} else {
			line = formatLogLine(line)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// Keys of the gateway's JSON log lines (server/logging writes them in
// OpenClaw's shape): the message under "0", the level as
// _meta.logLevelName. Plain slog keys ("msg", "level") are read too.
const (
	logTimeKey      = "time"
	logMessageKey   = "0"
	logMetaKey      = "_meta"
	logLevelNameKey = "logLevelName"
)

// formatLogLine turns one JSON log record into "time LEVEL msg k=v …",
// keeping the record's key order, with control characters escaped. A
// line that is not a JSON object is printed escaped but otherwise as is.
func formatLogLine(line string) string {
	keys, values, ok := orderedObject(line)
	if !ok {
		return escapeText(line)
	}
	var head [3]string
	var rest []string
	for i, k := range keys {
		switch k {
		case logTimeKey:
			head[0] = textValue(values[i])
		case "level":
			head[1] = textValue(values[i])
		case logMessageKey, "msg":
			head[2] = textValue(values[i])
		case logMetaKey:
			if level, ok := metaLevel(values[i]); ok {
				head[1] = level
				continue
			}
			rest = append(rest, k+"="+plainValue(values[i]))
		default:
			rest = append(rest, escapeText(k)+"="+plainValue(values[i]))
		}
	}
	parts := make([]string, 0, 3+len(rest))
	for _, h := range head {
		if h != "" {
			parts = append(parts, escapeText(h))
		}
	}
	return strings.Join(append(parts, rest...), " ")
}

// metaLevel returns _meta.logLevelName. The rest of _meta (OpenClaw's
// own log files add the runtime, the source path and more) is left out.
func metaLevel(raw json.RawMessage) (string, bool) {
	var meta map[string]json.RawMessage
	if json.Unmarshal(raw, &meta) != nil {
		return "", false
	}
	var level string
	if json.Unmarshal(meta[logLevelNameKey], &level) != nil {
		return "", false
	}
	return level, true
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
		if s == "" || strings.ContainsAny(s, " \"=") || escapeText(s) != s {
			return strconv.Quote(s)
		}
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return string(raw)
	}
	return escapeText(buf.String())
}
