package canvashost

import (
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// maxFile bounds the size of one served file: the canvas is a handful of small web files.
const maxFile = 64 << 20

// serveFile answers GET and HEAD under BasePath with the file of the root folder (a folder's index.html), HTML with
// the live-reload script when live reload is on; never cached.
func (h *Host) serveFile(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		plain(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, BasePath), "/")
	data, name, err := h.read(rel)
	if err != nil {
		h.notFound(w, rel)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if isHTML(name) {
		if h.live {
			data = injectReload(data)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", contentType(name, data))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data) //nolint:gosec // serving the canvas folder's own pages is this handler's purpose
}

// notFound answers a missing file: a folder without index.html gets a page that says which file to create.
func (h *Host) notFound(w http.ResponseWriter, rel string) {
	if rel != "" && !strings.HasSuffix(rel, "/") {
		plain(w, http.StatusNotFound, "not found")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	//nolint:gosec // the only variable part, the file path, is HTML-escaped
	_, _ = io.WriteString(w, "<!doctype html><meta charset=\"utf-8\"><title>Canvas</title><pre>Missing file.\nCreate "+
		htmlEscape(filepath.Join(h.root, filepath.FromSlash(rel), "index.html"))+"</pre>")
}

// read returns the file at the slash-separated relative path rel (a folder's index.html) and its name. It never
// leaves the root: ".." segments, symlinked files and anything os.Root refuses are not found.
func (h *Host) read(rel string) ([]byte, string, error) {
	clean := path.Clean("/" + rel)[1:]
	if hasDotDot(rel) {
		return nil, "", fs.ErrNotExist
	}
	root, err := os.OpenRoot(h.root)
	if err != nil {
		return nil, "", err
	}
	defer root.Close()
	name := clean
	if clean == "" || strings.HasSuffix(rel, "/") {
		name = path.Join(clean, "index.html")
	} else if st, err := root.Lstat(clean); err == nil && st.IsDir() {
		name = path.Join(clean, "index.html")
	}
	if name == "" {
		name = "index.html"
	}
	st, err := root.Lstat(name)
	if err != nil {
		return nil, "", err
	}
	if !st.Mode().IsRegular() || st.Size() > maxFile {
		return nil, "", errors.New("not a regular file")
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile))
	return data, name, err
}

// hasDotDot reports whether a relative URL path has a ".." segment (refused, as OpenClaw refuses it).
func hasDotDot(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// isHTML reports whether a file is served as HTML (and so gets the live-reload script).
func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// contentType is the file's type by extension, else sniffed from its content.
func contentType(name string, data []byte) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// plain writes a text/plain answer.
func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// htmlEscape escapes text for HTML.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
