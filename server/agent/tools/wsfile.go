package tools

import (
	"bytes"
	"errors"
	"fmt"
	"os"
)

// wsFile is one file of the workspace a file tool works on: the path the
// model gave, the path inside the workspace, and the open workspace root.
type wsFile struct {
	shown, rel string
	root       *os.Root
}

// openWSFile resolves path inside the workspace and opens the workspace
// root; the error is the text the model is told. Close the file when done.
func openWSFile(workspace, path string) (*wsFile, error) {
	rel, err := relPath(workspace, path)
	if err != nil {
		return nil, errors.New(fileError(path, err))
	}
	root, err := workspaceRoot(workspace)
	if err != nil {
		return nil, err
	}
	return &wsFile{shown: path, rel: rel, root: root}, nil
}

// Close closes the workspace root.
func (f *wsFile) Close() { _ = f.root.Close() }

// fail is a failed result about the file.
func (f *wsFile) fail(err error) Result { return failed(fileError(f.shown, err)) }

// readText reads the file as text: a regular file of at most readMaxFile
// bytes without NUL bytes.
func (f *wsFile) readText() (string, error) {
	info, err := f.root.Stat(f.rel)
	switch {
	case err != nil:
		return "", errors.New(fileError(f.shown, err))
	case info.IsDir():
		return "", errors.New(f.shown + ": is a directory")
	case info.Size() > readMaxFile:
		return "", fmt.Errorf("%s: file too large (%d bytes)", f.shown, info.Size())
	}
	data, err := f.root.ReadFile(f.rel)
	if err != nil {
		return "", errors.New(fileError(f.shown, err))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", errors.New(f.shown + ": binary file")
	}
	return string(data), nil
}

// withFile opens path inside the workspace, gives it to fn and closes it;
// a path that cannot be opened is the result.
func withFile(workspace, path string, fn func(f *wsFile) Result) Result {
	f, err := openWSFile(workspace, path)
	if err != nil {
		return failed(err.Error())
	}
	defer f.Close()
	return fn(f)
}

// withText is withFile for a text file, read whole.
func withText(workspace, path string, fn func(f *wsFile, text string) Result) Result {
	return withFile(workspace, path, func(f *wsFile) Result {
		text, err := f.readText()
		if err != nil {
			return failed(err.Error())
		}
		return fn(f, text)
	})
}
