// Package names turns schema names (definition keys, property names, enum
// values, method names) into identifiers: PascalCase type names shared by
// every target language, Go names with Go's initialisms, and Swift
// camelCase names. Only ASCII letters and digits survive; every other
// character separates words.
package names

import "strings"

// Words splits s into words at non-alphanumeric characters and at case
// changes: "deviceId" → [device Id], "HTTPServer" → [HTTP Server],
// "INVALID_REQUEST" → [INVALID REQUEST]. Digits stay with their word.
func Words(s string) []string {
	var words []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) {
			flush()
			continue
		}
		if len(cur) > 0 && isUpper(c) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(s) && isLower(s[i+1])
			if isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	return words
}

// Pascal joins the words of s, each with its first letter upper-cased and
// the rest unchanged: "device.pair.list" → "DevicePairList",
// "exec.approval.waitDecision" → "ExecApprovalWaitDecision".
func Pascal(s string) string {
	var b strings.Builder
	for _, w := range splitKeepingCase(s) {
		b.WriteString(upperFirst(w))
	}
	return b.String()
}

// splitKeepingCase splits at non-alphanumeric characters only.
func splitKeepingCase(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r > 127 || !isAlnum(byte(r)) })
}

// TypePart turns a property name or enum value into a PascalCase part of
// a type name, with initialisms upper-cased: "deviceId" → "DeviceID",
// "client" → "Client", "INVALID_REQUEST" → "InvalidRequest".
func TypePart(s string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		b.WriteString(goWord(w))
	}
	return b.String()
}

// goWord capitalizes one word, upper-casing initialisms and lower-casing
// the rest of an all-caps word.
func goWord(w string) string {
	up := strings.ToUpper(w)
	if initialisms[up] {
		return up
	}
	if n := len(w); n > 2 && w[n-1] == 's' && initialisms[strings.ToUpper(w[:n-1])] {
		return strings.ToUpper(w[:n-1]) + "s"
	}
	if up == w && len(w) > 1 {
		return upperFirst(strings.ToLower(w))
	}
	return upperFirst(w)
}

// initialisms are the words Go spells in capitals (the list Go's linters use).
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true, "EOF": true,
	"GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IP": true, "JSON": true,
	"LHS": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true, "SLA": true, "SMTP": true,
	"SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true, "UDP": true, "UI": true,
	"UID": true, "UUID": true, "URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true,
	"XMPP": true, "XSRF": true, "XSS": true,
}

func upperFirst(w string) string {
	if w == "" || !isLower(w[0]) {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}

func isAlnum(c byte) bool { return isLower(c) || isUpper(c) || isDigit(c) }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
