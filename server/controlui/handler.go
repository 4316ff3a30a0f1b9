package controlui

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// Handler serves one Control UI bundle (gatewire's embedded UI, or a
// folder such as OpenClaw's dist/control-ui) under a base path: GET and
// HEAD only. index.html goes out with a Content-Security-Policy carrying
// the sha256 hashes of its own inline scripts and nothing else, and with
// a <base href> naming the base path, so relative URLs resolve from any
// route. Route paths (no file, no static-asset extension) fall back to
// index.html; a missing asset is 404. Every response carries the
// security headers.
type Handler struct {
	base  string // "" or "/seg[/seg...]"
	files *fileCache
}

// New returns a handler serving fsys (a bundle with an index.html at its
// top) under basePath (see NormalizeBasePath). A bundle without
// index.html, or a bad base path, is an error.
func New(fsys fs.FS, basePath string) (*Handler, error) {
	base, err := NormalizeBasePath(basePath)
	if err != nil {
		return nil, err
	}
	if err := checkIndex(fsys); err != nil {
		return nil, err
	}
	return &Handler{base: base, files: &fileCache{fsys: fsys, base: base, byID: map[string]*file{}}}, nil
}

// BasePath returns the normalized base path ("" for the root).
func (h *Handler) BasePath() string { return h.base }

// Handles reports whether the UI answers r: a GET or HEAD for the base
// path or anything under it, or for "/" when the base path is not the
// root (redirected to the base path).
func (h *Handler) Handles(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	return h.base == "" || p == "/" || p == h.base || strings.HasPrefix(p, h.base+"/")
}

// ServeHTTP serves a request Handles accepted: a file of the bundle, or
// index.html for a route path.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	SetSecurityHeaders(w.Header())
	p := r.URL.Path
	if h.base != "" && (p == "/" || p == h.base) {
		target := h.base + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound) //nolint:gosec // the target is the configured base path; only the query is the request's
		return
	}
	name, ok := fileName(strings.TrimPrefix(p, h.base))
	if !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	f, err := h.files.get(name)
	if errors.Is(err, fs.ErrNotExist) && !staticExtensions[strings.ToLower(path.Ext(name))] {
		name = IndexFile
		f, err = h.files.get(name)
	}
	if err != nil {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	serveFile(w, r, name, f)
}

// fileName maps a path below the base ("/…") to a file of the bundle, as
// OpenClaw's gateway does: "/" is index.html, anything from a "/assets/"
// segment on is that asset (relative asset URLs of a nested route), a
// trailing slash means its index.html. Paths with "..", empty or hidden
// (dot-first) segments have no file.
func fileName(p string) (string, bool) {
	if i := strings.Index(p, "/assets/"); i >= 0 {
		p = p[i:]
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += IndexFile
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return name, true
}

// serveFile writes one file with its type, caching and, for index.html,
// its Content-Security-Policy; conditional and HEAD requests are
// answered by http.ServeContent.
func serveFile(w http.ResponseWriter, r *http.Request, name string, f *file) {
	hdr := w.Header()
	hdr.Set("Content-Type", f.contentType)
	hdr.Set("ETag", f.etag)
	if name == IndexFile {
		hdr.Set("Content-Security-Policy", f.csp)
		hdr.Set("Cache-Control", "no-cache")
	} else {
		hdr.Set("Cache-Control", cacheControl(name))
	}
	http.ServeContent(w, r, "", f.mod, bytes.NewReader(f.body))
}

// SetSecurityHeaders sets the headers every Control UI response carries
// (its JSON routes too); index.html's policy replaces the default one
// with its script hashes.
func SetSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy(nil))
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}
