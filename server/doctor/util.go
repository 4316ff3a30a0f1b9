package doctor

import (
	"fmt"
	"strings"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// editFix is the fix for something to change in the config file.
func editFix(path, what string) string {
	return fmt.Sprintf("${EDITOR:-vi} %s  # %s", shellQuote(path), what)
}

// profileFlags are the flags that select the profile on a command line.
func (d *doctor) profileFlags() string {
	switch p := d.opts.Profile; {
	case p == "":
		return ""
	case p == "dev":
		return " --dev"
	default:
		return " --profile " + string(p)
	}
}
