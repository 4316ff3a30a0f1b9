package canvashost

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/fsnotify/fsnotify"
)

// Live-reload timing: changes within reloadDebounce of each other make one reload; a page that does not take
// the message within writeTimeout is skipped.
const (
	reloadDebounce = 75 * time.Millisecond
	writeTimeout   = 5 * time.Second
)

// reloadMessage is the text frame that tells a page to reload.
const reloadMessage = "reload"

// serveSocket accepts a live-reload socket and holds it until the page goes away. The folder is watched only
// while at least one page listens.
func (h *Host) serveSocket(w http.ResponseWriter, r *http.Request) {
	if !h.live {
		plain(w, http.StatusNotFound, "not found")
		return
	}
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		plain(w, http.StatusUpgradeRequired, "upgrade required")
		return
	}
	// The gateway has authorized the request (credential or capability); a canvas page may be opened from
	// another origin by a node's WebView, as OpenClaw allows.
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	rl := h.join(c)
	if rl == nil {
		_ = c.Close(websocket.StatusGoingAway, "canvas host closed")
		return
	}
	defer h.sockets.Done()
	<-c.CloseRead(context.Background()).Done()
	h.leave(rl, c)
}

// join adds a socket, starting the watcher for the first one; nil once the host is closed.
func (h *Host) join(c *websocket.Conn) *reloader {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	if h.reload == nil {
		h.reload = newReloader(h.root, h.log)
	}
	h.sockets.Add(1)
	h.reload.add(c)
	return h.reload
}

// leave removes a socket, stopping the watcher after the last one.
func (h *Host) leave(rl *reloader, c *websocket.Conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rl.remove(c) == 0 && h.reload == rl {
		h.reload = nil
		_ = rl.close()
	}
}

// reloader watches a folder tree and tells its sockets to reload after a change.
type reloader struct {
	watcher *fsnotify.Watcher // nil when watching failed (logged)

	mu    sync.Mutex
	conns map[*websocket.Conn]struct{}
	timer *time.Timer
}

// newReloader starts watching root; a watcher that cannot start (too many inotify instances) is logged, and the
// sockets then simply never reload.
func newReloader(root string, log *slog.Logger) *reloader {
	rl := &reloader{conns: map[*websocket.Conn]struct{}{}}
	w, err := fsnotify.NewWatcher()
	if err == nil {
		err = addTree(w, root)
		if err != nil {
			_ = w.Close()
		}
	}
	if err != nil {
		log.Warn("canvas host: cannot watch the folder; live reload is off (set canvasHost.liveReload false or use a smaller canvasHost.root)", "root", root, "err", err)
		return rl
	}
	rl.watcher = w
	go rl.watch()
	return rl
}

// addTree watches dir and every folder below it, except hidden ones and node_modules.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if p != dir && ignored(d.Name()) {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

// ignored reports whether a file or folder name is left out of live reload: hidden names (editors' swap files)
// and node_modules.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules"
}

// watch turns file events into reloads until the watcher closes.
func (rl *reloader) watch() {
	for {
		select {
		case ev, ok := <-rl.watcher.Events:
			if !ok {
				return
			}
			rl.event(ev)
		case _, ok := <-rl.watcher.Errors:
			if !ok {
				return
			}
		}
	}
}

// event schedules a reload for a change, and watches a folder created below the root.
func (rl *reloader) event(ev fsnotify.Event) {
	if ev.Op == fsnotify.Chmod || ignored(filepath.Base(ev.Name)) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			_ = addTree(rl.watcher, ev.Name)
		}
	}
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.timer != nil {
		rl.timer.Stop()
	}
	rl.timer = time.AfterFunc(reloadDebounce, rl.broadcast)
}

// broadcast tells every socket to reload.
func (rl *reloader) broadcast() {
	rl.mu.Lock()
	conns := make([]*websocket.Conn, 0, len(rl.conns))
	for c := range rl.conns {
		conns = append(conns, c)
	}
	rl.mu.Unlock()
	for _, c := range conns {
		ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
		_ = c.Write(ctx, websocket.MessageText, []byte(reloadMessage))
		cancel()
	}
}

// add registers a socket.
func (rl *reloader) add(c *websocket.Conn) {
	rl.mu.Lock()
	rl.conns[c] = struct{}{}
	rl.mu.Unlock()
}

// remove forgets a socket and returns how many remain.
func (rl *reloader) remove(c *websocket.Conn) int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	delete(rl.conns, c)
	return len(rl.conns)
}

// close stops watching and closes the sockets that remain.
func (rl *reloader) close() error {
	rl.mu.Lock()
	if rl.timer != nil {
		rl.timer.Stop()
	}
	conns := rl.conns
	rl.conns = map[*websocket.Conn]struct{}{}
	rl.mu.Unlock()
	for c := range conns {
		_ = c.Close(websocket.StatusGoingAway, "canvas host closed")
	}
	if rl.watcher == nil {
		return nil
	}
	return rl.watcher.Close()
}
