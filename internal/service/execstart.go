package service

import (
	"os"
	"strconv"
	"strings"
)

// ExecStart splits a unit's ExecStart= line into words as systemd
// quotes them (double quotes with backslash escapes, %% and $$ doubled).
func ExecStart(text string) []string {
	var line string
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, "ExecStart="); ok {
			line = v
		}
	}
	var words []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			inWord = true
		case c == '"':
			inQuote, inWord = !inQuote, true
		case (c == ' ' || c == '\t') && !inQuote:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case (c == '%' || c == '$') && i+1 < len(line) && line[i+1] == c:
			cur.WriteByte(c)
			i++
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// InstalledPort returns the --port the profile's installed unit passes
// to the gateway (it wins over the config file's gateway.port), or 0 when
// the unit is not installed or passes none.
func (m Manager) InstalledPort(p Profile) int {
	text, err := os.ReadFile(m.UnitPath(p))
	if err != nil {
		return 0
	}
	args := ExecStart(string(text))
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--port" {
			if port, err := strconv.Atoi(args[i+1]); err == nil {
				return port
			}
		}
	}
	return 0
}
