package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// maxPermissionFindings bounds the findings of the permission walk.
const maxPermissionFindings = 20

// checkStateDir checks the state directory and the modes of what is in it.
func (d *doctor) checkStateDir() {
	dir := d.opts.StateDir.Root()
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.add("state-dir", Info, "", "%s does not exist yet; the gateway creates it (mode 0700) when it first starts", dir)
		return
	case err != nil:
		d.add("state-dir", Error, "ls -ld "+shellQuote(dir), "cannot read the state dir: %v", err)
		return
	case !info.IsDir():
		d.add("state-dir", Error, fmt.Sprintf("mv %s %s.bak", shellQuote(dir), shellQuote(dir)), "%s is not a directory", dir)
		return
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		d.add("state-dir", Warn, fmt.Sprintf("sudo chown -R %d:%d %s", os.Getuid(), os.Getgid(), shellQuote(dir)),
			"%s belongs to uid %d, not to you (uid %d): the gateway may fail to write it", dir, st.Uid, os.Getuid())
	}
	d.add("state-dir", OK, "", "%s is a directory", dir)
	d.checkModes(dir)
}

// secretFiles are files of the state directory whose exposure gives away
// the gateway (its token, its identity key, the paired devices' tokens).
func (d *doctor) secretFiles() map[string]bool {
	sd := d.opts.StateDir
	db := filepath.Join(sd.Root(), "state.db")
	return map[string]bool{sd.TokenFile(): true, sd.IdentityFile(): true, db: true, db + "-wal": true, db + "-shm": true}
}

// checkModes walks the state directory for files and directories that
// other users can read or write.
func (d *doctor) checkModes(dir string) {
	secrets := d.secretFiles()
	found := 0
	_ = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			d.add("permissions", Warn, "ls -ld "+shellQuote(path), "cannot read %s: %v", path, err)
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		info, err := e.Info()
		if err != nil || info.Mode().Perm()&0o077 == 0 {
			return nil
		}
		found++
		if found > maxPermissionFindings {
			return filepath.SkipAll
		}
		mode := info.Mode().Perm()
		switch {
		case e.IsDir():
			d.add("permissions", Warn, "chmod 700 "+shellQuote(path), "%s has mode %04o: other users can list it (it should be 0700)", path, mode)
		case secrets[path]:
			d.add("permissions", Error, "chmod 600 "+shellQuote(path), "%s has mode %04o: it holds secrets, and other users can read it", path, mode)
		default:
			d.add("permissions", Warn, "chmod 600 "+shellQuote(path), "%s has mode %04o: other users can read it (it should be 0600)", path, mode)
		}
		return nil
	})
	if found == 0 {
		d.add("permissions", OK, "", "nothing in %s is readable by other users", dir)
	}
}
