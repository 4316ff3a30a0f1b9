package hostexec

import (
	"os"
	"path/filepath"
	"strings"
)

// defaultPath is the PATH used when the host's own is empty.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// shells are the shells whose inline-script flag makes a shell wrapper.
var shells = map[string]bool{"ash": true, "bash": true, "dash": true, "fish": true, "ksh": true, "sh": true, "zsh": true}

// ShellScript returns the script of a shell wrapper invocation
// (`sh -c SCRIPT …`, also `-lc`), and whether argv is one.
func ShellScript(argv []string) (string, bool) {
	if len(argv) < 3 || !shells[filepath.Base(argv[0])] {
		return "", false
	}
	flag := argv[1]
	if !strings.HasPrefix(flag, "-") || strings.HasPrefix(flag, "--") || !strings.HasSuffix(flag, "c") {
		return "", false
	}
	return argv[2], true
}

// searchPath returns the directories of the host's PATH.
func searchPath() []string {
	p := os.Getenv("PATH")
	if strings.TrimSpace(p) == "" {
		p = defaultPath
	}
	return filepath.SplitList(p)
}

// LookPath returns the absolute path of an executable named bin on PATH,
// or "" when there is none. A name with a path separator is never looked
// up.
func LookPath(bin string) string {
	if bin == "" || strings.ContainsAny(bin, `/\`) {
		return ""
	}
	for _, dir := range searchPath() {
		if dir == "" {
			continue
		}
		candidate := filepath.Join(dir, bin)
		if fi, err := os.Stat(candidate); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			if abs, err := filepath.Abs(candidate); err == nil {
				return abs
			}
			return candidate
		}
	}
	return ""
}

// ResolveBinary returns the absolute path argv0 runs: a path as given
// (made absolute against cwd), a bare name looked up on PATH; "" when it
// does not resolve to an existing file.
func ResolveBinary(argv0, cwd string) string {
	if !strings.ContainsAny(argv0, `/\`) {
		return LookPath(argv0)
	}
	p := argv0
	if !filepath.IsAbs(p) {
		base := cwd
		if base == "" {
			base, _ = os.Getwd()
		}
		p = filepath.Join(base, p)
	}
	if fi, err := os.Stat(p); err != nil || fi.IsDir() {
		return ""
	}
	return filepath.Clean(p)
}
