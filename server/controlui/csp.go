package controlui

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
)

var (
	// scriptElement matches one <script ...>...</script> element; group 1
	// is the opening tag's attributes, group 2 the content.
	scriptElement = regexp.MustCompile(`(?is)<script(\s[^>]*)?>(.*?)</script\s*>`)
	// attributeName matches the name of each attribute of an opening tag.
	attributeName = regexp.MustCompile(`\s([^\s=/>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?`)
)

// InlineScriptHashes returns the CSP source expressions
// ("sha256-<base64>") of the inline scripts of an HTML document: every
// non-empty <script> element without a src attribute, hashed over its
// exact content as the browser hashes it.
func InlineScriptHashes(html []byte) []string {
	var hashes []string
	for _, m := range scriptElement.FindAllSubmatchIndex(html, -1) {
		if m[2] >= 0 && hasSrc(string(html[m[2]:m[3]])) {
			continue
		}
		content := html[m[4]:m[5]]
		if len(content) == 0 {
			continue
		}
		sum := sha256.Sum256(content)
		hashes = append(hashes, "sha256-"+base64.StdEncoding.EncodeToString(sum[:]))
	}
	return hashes
}

// hasSrc reports whether the attributes of an opening <script> tag name a
// src.
func hasSrc(attrs string) bool {
	for _, m := range attributeName.FindAllStringSubmatch(" "+attrs, -1) {
		if strings.EqualFold(m[1], "src") {
			return true
		}
	}
	return false
}

// ContentSecurityPolicy returns the policy a Control UI page is served
// with: everything from the gateway's own origin only, no plugins, no
// framing, and scripts only from files of the bundle or the inline
// scripts whose hashes are given. Styles may be inline (the UIs set style
// attributes); they cannot run script.
func ContentSecurityPolicy(scriptHashes []string) string {
	script := "script-src 'self'"
	for _, h := range scriptHashes {
		script += " '" + h + "'"
	}
	return strings.Join([]string{
		"default-src 'self'",
		"base-uri 'self'",
		"object-src 'none'",
		"frame-ancestors 'none'",
		"form-action 'self'",
		script,
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"worker-src 'self'",
		"connect-src 'self'",
	}, "; ")
}
