package version

import (
	"runtime/debug"
	"sync"
)

// buildIDMax is the longest build id the protocol allows.
const buildIDMax = 96

// BuildID returns the id of this build: the version and, when the binary
// was built from a VCS checkout, the first 12 characters of its revision
// ("0.1.0-dev+3f2a9c1b0e4d"), with "-dirty" for a modified tree. v4
// clients compare it across reconnects to notice an upgrade.
func BuildID() string { return buildID() }

var buildID = sync.OnceValue(func() string {
	id := Version
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			id += "+" + rev
			if dirty {
				id += "-dirty"
			}
		}
	}
	if len(id) > buildIDMax {
		id = id[:buildIDMax]
	}
	return id
})
