//go:build unix

package config

import (
	"io/fs"
	"syscall"
)

// inodeOf returns the file's inode number, so that a file replaced by a
// rename counts as changed even when its size and time are the same.
func inodeOf(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino) //nolint:unconvert // Ino is not uint64 on every unix
	}
	return 0
}
