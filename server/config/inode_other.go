//go:build !unix

package config

import "io/fs"

// inodeOf is 0 where the platform has no inode numbers; size and time
// alone tell a change.
func inodeOf(fs.FileInfo) uint64 { return 0 }
