package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/gatewire/gatewire/server/store"
)

// maxProblemsShown bounds the integrity problems quoted in a finding.
const maxProblemsShown = 5

// checkStore runs SQLite's integrity check over the device and session
// store, read-only.
func (d *doctor) checkStore(ctx context.Context) {
	path := store.PathIn(d.opts.StateDir.Root())
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		d.add("store", Info, "", "no state database yet (%s): the gateway creates it when it first starts", path)
		return
	}
	q := shellQuote(path)
	aside := fmt.Sprintf("gatewire gateway stop%s; mv %s %s.broken  # pairings and sessions start empty; or recover what is left: sqlite3 %s.broken .recover | sqlite3 %s",
		d.profileFlags(), q, q, q, q)
	in, err := store.Check(ctx, path)
	switch {
	case err != nil:
		d.add("store", Error, aside, "the device and session store %s cannot be read: %v", path, err)
	case len(in.Problems) > 0:
		shown := in.Problems
		if len(shown) > maxProblemsShown {
			shown = append(shown[:maxProblemsShown:maxProblemsShown], fmt.Sprintf("… %d more", len(in.Problems)-maxProblemsShown))
		}
		d.add("store", Error, aside, "the device and session store %s is damaged (PRAGMA integrity_check): %s", path, strings.Join(shown, "; "))
	case in.Version > in.Current:
		d.add("store", Error, "gatewire --version  # run the gatewire that wrote it, or a newer one",
			"%s has schema version %d, newer than this gatewire's %d", path, in.Version, in.Current)
	default:
		d.add("store", OK, "", "the device and session store passes PRAGMA integrity_check: %d paired devices, %d paired nodes, %d sessions",
			in.Devices, in.Nodes, in.Sessions)
	}
}
