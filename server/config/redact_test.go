package config

import (
	"strings"
	"testing"
)

func TestLocateFindsNestedValues(t *testing.T) {
	src := "// c\n{\n  a: { 'b c': [1, {d: \"x\\\"y\"}], },\n  \"e/f\": true /* t */,\n}"
	spans := locate(src)
	check := func(ptr, want string, line int) {
		t.Helper()
		sp, ok := spans[ptr]
		if !ok {
			t.Fatalf("no span for %s in %v", ptr, spans)
		}
		if got := src[sp.start:sp.end]; got != want {
			t.Errorf("%s = %q, want %q", ptr, got, want)
		}
		if got := lineOf(src, sp.key); got != line {
			t.Errorf("%s line = %d, want %d", ptr, got, line)
		}
	}
	check("/a/b c/1/d", `"x\"y"`, 3)
	check("/a/b c/0", "1", 3)
	check("/e~1f", "true", 4)
}

func TestRedactRawKeepsLayoutAndHidesSecrets(t *testing.T) {
	raw := "{\n  // the token\n  gateway: { auth: { token: 'tok-123', password: \"pw\" } },\n}\n"
	f, err := Parse("x.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	got := RedactRaw(f.Raw, f.Doc)
	if strings.Contains(got, "tok-123") || strings.Contains(got, `"pw"`) {
		t.Fatalf("secret left in %q", got)
	}
	if !strings.Contains(got, "// the token") || strings.Count(got, Redacted) != 2 {
		t.Fatalf("layout or redaction wrong: %q", got)
	}
	doc := RedactDoc(f.Doc)
	if lookup(doc, []string{"gateway", "auth", "token"}) != Redacted {
		t.Fatalf("doc not redacted: %v", doc)
	}
	if lookup(f.Doc, []string{"gateway", "auth", "token"}) != "tok-123" {
		t.Fatal("RedactDoc modified its input")
	}
}

func TestRestoreRedactedPutsCurrentSecretsBack(t *testing.T) {
	current := map[string]any{"gateway": map[string]any{"auth": map[string]any{"token": "real\"tok"}}}
	raw := "{ gateway: { auth: { token: '" + Redacted + "' } }, /* keep */ }"
	got, err := restoreRedacted(raw, current)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("x.json", got)
	if err != nil || f.Config.Gateway.Auth.Token != "real\"tok" || !strings.Contains(got, "/* keep */") {
		t.Fatalf("restored %q: %v %+v", got, err, f)
	}
	if _, err := restoreRedacted(raw, map[string]any{}); err == nil {
		t.Fatal("placeholder without a current value was accepted")
	}
}

func TestMergePatchFollowsRFC7396(t *testing.T) {
	target := map[string]any{"a": "b", "c": map[string]any{"d": "e", "f": "g"}}
	patch := map[string]any{"a": "z", "c": map[string]any{"f": nil}, "n": []any{1.0}}
	got := MergePatch(target, patch).(map[string]any)
	if got["a"] != "z" || got["c"].(map[string]any)["d"] != "e" || len(got["c"].(map[string]any)) != 1 || got["n"] == nil {
		t.Fatalf("merge = %v", got)
	}
	if target["a"] != "b" {
		t.Fatal("target modified")
	}
}
