package doctor

import (
	"context"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Clock bounds: a file written this far in the future means the clock
// went back (device signatures and approvals carry times the gateway
// compares with its own), and no clock is right before this year.
const (
	clockSlack   = 2 * time.Minute
	earliestYear = 2025
)

// clockFix turns on time synchronisation.
const clockFix = "sudo timedatectl set-ntp true  # or set the time: sudo date -s '<now, UTC>'"

// checkClock looks for a clock that is plainly wrong or went backwards:
// against this year, against the times of the state dir's files, and
// what timedatectl says of its synchronisation where it can answer.
func (d *doctor) checkClock(ctx context.Context) {
	now := d.opts.Now()
	if now.Year() < earliestYear {
		d.add("clock", Error, clockFix, "the clock says %s: device signatures and approvals will be judged against a wrong time", now.UTC().Format(time.RFC3339))
		return
	}
	if path, at := d.newestFile(); at.After(now.Add(clockSlack)) {
		d.add("clock", Error, clockFix, "%s was written at %s, %s ahead of the clock (%s): the clock went backwards",
			path, at.UTC().Format(time.RFC3339), at.Sub(now).Round(time.Second), now.UTC().Format(time.RFC3339))
		return
	}
	out, err := exec.CommandContext(ctx, "timedatectl", "show", "--property=NTPSynchronized", "--value").Output()
	switch synced := strings.TrimSpace(string(out)); {
	case err == nil && synced == "no":
		d.add("clock", Warn, clockFix, "the clock is not synchronised (timedatectl: NTPSynchronized=no)")
	case err == nil && synced == "yes":
		d.add("clock", OK, "", "the clock is synchronised (%s)", now.UTC().Format(time.RFC3339))
	default:
		d.add("clock", OK, "", "the clock (%s) is not behind the state dir's files (timedatectl could not say whether it is synchronised)",
			now.UTC().Format(time.RFC3339))
	}
}

// newestFile returns the state dir's most recently modified file.
func (d *doctor) newestFile() (string, time.Time) {
	var newest string
	var at time.Time
	_ = filepath.WalkDir(d.opts.StateDir.Root(), func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		if info, err := e.Info(); err == nil && info.ModTime().After(at) {
			newest, at = path, info.ModTime()
		}
		return nil
	})
	return newest, at
}
