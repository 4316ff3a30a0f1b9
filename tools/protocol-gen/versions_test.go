package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionMarksReachGoAndSwift generates the versions golden case and
// checks what the marks mean in each language. Go: a bounded member is
// optional, and ForProtocol leaves it out at the versions it does not
// exist in. Swift, whose one model decodes every version: a bounded member
// is optional even where it is required, its doc comment names the range,
// and an enum value of x-enum-since says from which version it exists.
func TestVersionMarksReachGoAndSwift(t *testing.T) {
	c := goldenCase{name: "versions", dir: filepath.Join("testdata", "golden", "versions")}
	files := generateCase(t, c)
	goSrc := string(files["go/versions/input_gen.go"])
	for _, want := range []string{
		"DeltaText *string `json:\"deltaText,omitempty\"`",
		"func (x *Greeting) ForProtocol(v int) any {",
		"\tif v < 4 {\n\t\tx.DeltaText = zero.DeltaText\n\t}\n",
		"\tif v > 3 {\n\t\tx.CanvasURL = zero.CanvasURL\n\t}\n",
		"\tif v < 4 {\n\t\tx.Window = zero.Window\n\t}\n",
	} {
		if !strings.Contains(goSrc, want) {
			t.Errorf("Go lacks %q:\n%s", want, goSrc)
		}
	}
	swift := string(files["swift/Input.swift"])
	for _, want := range []string{
		"    /// Since protocol 4; absent at earlier versions.\n    public let deltaText: String?\n",
		"    /// Until protocol 3; absent at later versions.\n    public let canvasUrl: String?\n",
		"    /// Since protocol 4; absent at earlier versions.\n    public let window: Window?\n",
		"        deltaText: String? = nil,\n",
		"    /// Since protocol 4; absent at earlier versions.\n    case worker = \"worker\"\n",
		"    public let text: String\n",
	} {
		if !strings.Contains(swift, want) {
			t.Errorf("Swift lacks %q:\n%s", want, swift)
		}
	}
	if strings.Contains(swift, "absent at earlier versions.\n    case node") {
		t.Errorf("an unmarked enum value got a version note:\n%s", swift)
	}
}
