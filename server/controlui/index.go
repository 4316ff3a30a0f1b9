package controlui

import (
	"bytes"
	"html"
	"regexp"
)

var (
	headTag = regexp.MustCompile(`(?i)<head(\s[^>]*)?>`)
	baseTag = regexp.MustCompile(`(?i)<base(\s[^>]*)?>`)
)

// withBase returns index.html with its <base href> set to href (the base
// path with a trailing slash), so that relative URLs (scripts, styles,
// the manifest) resolve under the base path from any route depth and the
// page reads its base path from document.baseURI. A <base> the page has
// (gatewire's own says "/") is replaced; otherwise one is inserted as the
// first element of the head.
func withBase(page []byte, href string) []byte {
	tag := []byte(`<base href="` + html.EscapeString(href) + `">`)
	if loc := baseTag.FindIndex(page); loc != nil {
		return splice(page, loc[0], loc[1], tag)
	}
	if loc := headTag.FindIndex(page); loc != nil {
		return splice(page, loc[1], loc[1], tag)
	}
	return splice(page, 0, 0, tag)
}

// splice returns page with page[from:to] replaced by insert.
func splice(page []byte, from, to int, insert []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(page) - (to - from) + len(insert))
	out.Write(page[:from])
	out.Write(insert)
	out.Write(page[to:])
	return out.Bytes()
}
