package canvashost

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
)

// Options configure a Host.
type Options struct {
	// Root is the folder to serve; it is created, with a starter index.html, when missing.
	Root string
	// LiveReload injects the reload script into served HTML and accepts the /__openclaw__/ws socket.
	LiveReload bool
	// Log receives watcher problems (nil: discarded).
	Log *slog.Logger
}

// Host serves one canvas folder. Authorization is the caller's: ServeHTTP serves whatever reaches it.
type Host struct {
	root string
	live bool
	log  *slog.Logger

	mu      sync.Mutex
	reload  *reloader // nil until the first live-reload socket
	closed  bool
	sockets sync.WaitGroup
}

// New prepares the root folder and returns a Host for it.
func New(o Options) (*Host, error) {
	if o.Root == "" {
		return nil, errors.New("canvas host: no root folder")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	root, err := prepareRoot(o.Root)
	if err != nil {
		return nil, err
	}
	return &Host{root: root, live: o.LiveReload, log: o.Log}, nil
}

// prepareRoot creates the folder when missing, writes the starter page when it has no index.html, and returns
// its real path (symlinks resolved, so the watcher and os.Root see the same tree).
func prepareRoot(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("canvas host root: %w", err)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("canvas host root: %w", err)
	}
	index := filepath.Join(real, "index.html")
	if _, err := os.Stat(index); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(index, []byte(starterPage), 0o600); err != nil {
			return "", fmt.Errorf("canvas host root: %w", err)
		}
	}
	return real, nil
}

// Root returns the served folder (its real path).
func (h *Host) Root() string { return h.root }

// ServeHTTP serves the live-reload socket at WSPath and the folder under BasePath.
func (h *Host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == WSPath {
		h.serveSocket(w, r)
		return
	}
	h.serveFile(w, r)
}

// Close closes the live-reload sockets and stops watching, and waits for the sockets' handlers to return.
func (h *Host) Close() error {
	h.mu.Lock()
	h.closed = true
	rl := h.reload
	h.reload = nil
	h.mu.Unlock()
	var err error
	if rl != nil {
		err = rl.close()
	}
	h.sockets.Wait()
	return err
}
