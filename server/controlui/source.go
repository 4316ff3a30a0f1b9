package controlui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// IndexFile is the page every route of the UI loads.
const IndexFile = "index.html"

// OpenRoot opens a bundle folder (gateway.controlUi.root) for serving.
// Files are read through an os.Root, so no symlink or ".." leads outside
// the folder. A folder that does not exist or has no index.html is an
// error that names it.
func OpenRoot(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("gateway.controlUi.root: %w", err)
	}
	fsys := root.FS()
	if err := checkIndex(fsys); err != nil {
		return nil, fmt.Errorf("gateway.controlUi.root %q: %w", dir, err)
	}
	return fsys, nil
}

// checkIndex reports an error unless fsys has a regular index.html.
func checkIndex(fsys fs.FS) error {
	info, err := fs.Stat(fsys, IndexFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no index.html in it (point it at a built Control UI bundle, such as OpenClaw's dist/control-ui)")
	case err != nil:
		return err
	case !info.Mode().IsRegular():
		return errors.New("index.html is not a regular file")
	}
	return nil
}
