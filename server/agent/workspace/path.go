package workspace

import (
	"fmt"
	"path/filepath"
)

// isAbs reports whether p is an absolute path.
func isAbs(p string) bool { return filepath.IsAbs(p) }

// errRelative refuses a workspace that is not an absolute path (the
// catalog resolves ~ and relative paths; a relative one here would
// depend on the gateway's working directory).
func errRelative(p string) error {
	return fmt.Errorf("workspace: agent workspace %q is not an absolute path", p)
}
