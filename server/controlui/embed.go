// Package controlui holds gatewire's own Control UI: the static page in
// web/ (plain ES modules with JSDoc types, no build step) and the
// generated protocol modules of gen/js, served together as one file tree.
package controlui

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"

	protocoljs "github.com/gatewire/gatewire/gen/js"
)

//go:embed web
var web embed.FS

// ProtocolDir is the folder of the tree that holds the generated protocol
// modules (protocol.js, types.js).
const ProtocolDir = "protocol"

// Embedded returns the Control UI's files: web/ at the root (index.html,
// app.js, views/, …) and the generated protocol modules under protocol/.
func Embedded() fs.FS {
	root, _ := fs.Sub(web, "web") // fs.Sub fails only for an invalid path, and "web" is valid
	return overlay{root: root, sub: protocoljs.FS}
}

// overlay is a file tree with another tree mounted at ProtocolDir.
type overlay struct {
	root, sub fs.FS
}

// Open opens name from the mounted tree when it lies under ProtocolDir,
// otherwise from the root tree.
func (o overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if t, rest, ok := o.route(name); ok {
		f, err := t.Open(rest)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errors.Unwrap(err)}
		}
		if d, isDir := f.(fs.ReadDirFile); isDir && rest == "." {
			return mountDir{d}, nil
		}
		return f, nil
	}
	f, err := o.root.Open(name)
	if err != nil || name != "." {
		return f, err
	}
	entries, err := o.ReadDir(".")
	if err != nil {
		f.Close()
		return nil, err
	}
	return &rootDir{File: f, entries: entries}, nil
}

// ReadDir lists a directory; the root's listing includes ProtocolDir.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if t, rest, ok := o.route(name); ok {
		return fs.ReadDir(t, rest)
	}
	entries, err := fs.ReadDir(o.root, name)
	if err != nil || name != "." {
		return entries, err
	}
	dir, err := fs.Stat(o.sub, ".")
	if err != nil {
		return nil, err
	}
	entries = append(entries, fs.FileInfoToDirEntry(renamed{dir, ProtocolDir}))
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// route returns the mounted tree and the path inside it for names under
// ProtocolDir.
func (o overlay) route(name string) (fs.FS, string, bool) {
	if name == ProtocolDir {
		return o.sub, ".", true
	}
	if rest, ok := strings.CutPrefix(name, ProtocolDir+"/"); ok {
		return o.sub, rest, true
	}
	return nil, "", false
}

// renamed is a FileInfo under another name.
type renamed struct {
	fs.FileInfo
	name string
}

// Name returns the new name.
func (r renamed) Name() string { return r.name }

// rootDir is the root directory, listing the mounted tree too.
type rootDir struct {
	fs.File
	entries []fs.DirEntry
}

// ReadDir returns the next n entries (all that remain for n <= 0).
func (d *rootDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

// mountDir is the mounted tree's root, named ProtocolDir.
type mountDir struct{ fs.ReadDirFile }

// Stat reports the directory under its mounted name.
func (d mountDir) Stat() (fs.FileInfo, error) {
	info, err := d.ReadDirFile.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{info, ProtocolDir}, nil
}
