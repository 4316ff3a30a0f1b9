package cli

import (
	"encoding/json"
	"io"
	"os"
	"strings"
)

// logTailBytes is how much of the log's end is searched for its last
// error line.
const logTailBytes = 256 << 10

// lastLogError returns the last error line of the gateway's JSON-lines
// log file as "time message: err", or "" when there is none (or no file).
func lastLogError(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > logTailBytes {
		if _, err := f.Seek(-logTailBytes, io.SeekEnd); err != nil {
			return ""
		}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(data), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if line := errorLine(lines[i]); line != "" {
			return line
		}
	}
	return ""
}

// errorLine formats one log line at level ERROR, else returns "".
func errorLine(line string) string {
	var l struct {
		Time string `json:"time"`
		Msg  string `json:"0"`
		Meta struct {
			Level string `json:"logLevelName"`
		} `json:"_meta"`
		Err string `json:"err"`
	}
	if json.Unmarshal([]byte(line), &l) != nil || l.Meta.Level != "ERROR" {
		return ""
	}
	out := strings.TrimSpace(l.Time + " " + l.Msg)
	if l.Err != "" {
		out += ": " + l.Err
	}
	return out
}
