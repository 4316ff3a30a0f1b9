package agents

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// maxAvatarBytes caps a local avatar file, as v3 does.
const maxAvatarBytes = 2 << 20

var (
	imagePathRE  = regexp.MustCompile(`(?i)\.(png|jpe?g|gif|webp|svg|ico)$`)
	localImageRE = regexp.MustCompile(`(?i)\.(png|jpe?g|gif|webp|svg)$`)
	uriSchemeRE  = regexp.MustCompile(`(?i)^[a-z][a-z0-9+.-]*:`)
)

// avatarState is what the configured avatar of an agent is.
type avatarState struct {
	kind         protocol.AgentIdentityGetResultAvatarStatus
	reason       string // why kind is none
	publicSource string // the source as it may be shown
}

// resolveAvatar classifies identity.avatar: none (reason missing when
// unset), remote (http/https), data (a data: URI), or local (an image
// file inside the agent's workspace; else none with v3's reason:
// outside_workspace, unsupported_extension, missing, too_large).
func resolveAvatar(a catalog.Agent) avatarState {
	src := strings.TrimSpace(a.Identity.Avatar)
	switch {
	case src == "":
		return avatarState{kind: protocol.AgentIdentityGetResultAvatarStatusNone, reason: "missing"}
	case isHTTPURL(src):
		return avatarState{kind: protocol.AgentIdentityGetResultAvatarStatusRemote, publicSource: "remote URL"}
	case isDataURL(src):
		head := src[:min(len(src), 64)]
		if i := strings.IndexByte(src, ','); i > 0 {
			head = src[:min(i, 64)]
		}
		return avatarState{kind: protocol.AgentIdentityGetResultAvatarStatusData, publicSource: head + ",..."}
	}
	st := avatarState{kind: protocol.AgentIdentityGetResultAvatarStatusNone}
	if safeRelative(src) {
		st.publicSource = src
	}
	st.reason = localAvatarProblem(a.Workspace, src)
	if st.reason == "" {
		st.kind = protocol.AgentIdentityGetResultAvatarStatusLocal
	}
	return st
}

// localAvatarProblem checks a local avatar path against the workspace;
// "" when it is a usable image file inside it.
func localAvatarProblem(workspace, src string) string {
	root := realPath(workspace)
	p := src
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	p = realPath(p)
	if rel, err := filepath.Rel(root, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "outside_workspace"
	}
	if !localImageRE.MatchString(p) {
		return "unsupported_extension"
	}
	fi, err := os.Stat(p)
	switch {
	case err != nil || !fi.Mode().IsRegular():
		return "missing"
	case fi.Size() > maxAvatarBytes:
		return "too_large"
	}
	return ""
}

// avatarDataURL is a local avatar file inside the workspace as a data:
// URL (v3's agents.list avatarUrl), "" when it is not a usable one.
func avatarDataURL(workspace, src string) string {
	src = strings.TrimSpace(src)
	if src == "" || !safeRelative(src) || localAvatarProblem(workspace, src) != "" {
		return ""
	}
	data, err := os.ReadFile(realPath(filepath.Join(realPath(workspace), src)))
	if err != nil || len(data) > maxAvatarBytes {
		return ""
	}
	return "data:" + avatarMIME(src) + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// avatarMIME is the media type of an avatar file by its extension.
func avatarMIME(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".svg":
		return "image/svg+xml"
	}
	return "image/png"
}

// realPath resolves symlinks where the path exists.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return filepath.Clean(p)
}

// safeRelative says whether a local avatar source may be shown: a short
// relative path without "..", "~" or a scheme.
func safeRelative(src string) bool {
	if len(src) > 256 || strings.HasPrefix(src, "~") || filepath.IsAbs(src) || uriSchemeRE.MatchString(src) || strings.ContainsRune(src, 0) {
		return false
	}
	for _, part := range strings.Split(strings.ReplaceAll(src, `\`, "/"), "/") {
		if part == ".." {
			return false
		}
	}
	return true
}

func isHTTPURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func isDataURL(s string) bool { return strings.HasPrefix(strings.ToLower(s), "data:") }

func isImageDataURL(s string) bool { return strings.HasPrefix(strings.ToLower(s), "data:image/") }

func looksLikeImagePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || imagePathRE.MatchString(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > 127 {
			return false
		}
	}
	return true
}

// utf16Len is the length of s in UTF-16 units, as JavaScript counts.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// truncateRunes cuts s to n characters.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
