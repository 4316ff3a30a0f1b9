package controlui

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

// maxFileBytes caps one file of a bundle (OpenClaw's largest chunk is
// about 1 MB).
const maxFileBytes = 32 << 20

// file is one file of the bundle as it is sent.
type file struct {
	body        []byte
	etag        string
	contentType string
	csp         string // index.html only: the policy with its script hashes
	size        int64
	mod         time.Time
}

// fileCache keeps files read from the bundle, keyed by path, and rereads
// one when its size or modification time changed (a root folder may be
// rebuilt while the gateway runs).
type fileCache struct {
	fsys fs.FS
	base string
	mu   sync.Mutex
	byID map[string]*file
}

// get returns the file at name (a valid fs path), or an error wrapping
// fs.ErrNotExist when there is no regular file there.
func (c *fileCache) get(name string) (*file, error) {
	info, err := fs.Stat(c.fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file: %w", name, fs.ErrNotExist)
	}
	c.mu.Lock()
	f := c.byID[name]
	c.mu.Unlock()
	if f != nil && f.size == info.Size() && f.mod.Equal(info.ModTime()) {
		return f, nil
	}
	f, err = c.read(name, info)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.byID[name] = f
	c.mu.Unlock()
	return f, nil
}

// read loads one file and prepares what is sent with it.
func (c *fileCache) read(name string, info fs.FileInfo) (*file, error) {
	if info.Size() > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxFileBytes)
	}
	src, err := c.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	body, err := io.ReadAll(io.LimitReader(src, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	f := &file{body: body, contentType: contentType(name), size: info.Size(), mod: info.ModTime()}
	if name == IndexFile {
		f.csp = ContentSecurityPolicy(InlineScriptHashes(body))
		f.body = withBase(body, c.base+"/")
	}
	sum := sha256.Sum256(f.body)
	f.etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
	return f, nil
}

// contentTypes covers the extensions whose system MIME entry is missing
// or differs between hosts.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8", ".map": "application/json; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".webmanifest": "application/manifest+json; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".woff2": "font/woff2", ".webp": "image/webp", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".gif": "image/gif",
}

// contentType returns the Content-Type of a file by its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// staticExtensions are the extensions of asset files: a missing one is
// 404, never the SPA fallback (".html" is not one: a route may end in it).
var staticExtensions = map[string]bool{
	".js": true, ".mjs": true, ".css": true, ".json": true, ".map": true, ".svg": true, ".png": true, ".jpg": true,
	".jpeg": true, ".gif": true, ".webp": true, ".ico": true, ".txt": true, ".webmanifest": true, ".woff2": true,
}

// hashedAsset matches a build tool's content-hashed file name
// ("index-BcC6Q-Nf.js"): such a file never changes under its name.
var hashedAsset = regexp.MustCompile(`^assets/.+[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$`)

// cacheControl returns the Cache-Control of a file: content-hashed assets
// are immutable; everything else is revalidated by its ETag.
func cacheControl(name string) string {
	if hashedAsset.MatchString(name) {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}
