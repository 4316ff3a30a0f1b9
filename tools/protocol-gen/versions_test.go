package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionMarksReachSwift generates the versions golden case and checks
// what the marks mean for the one Swift model that decodes every protocol
// version: a member bounded by x-since or x-until is optional even where it
// is required, and its doc comment names the range; an enum value of
// x-enum-since says from which version it exists.
func TestVersionMarksReachSwift(t *testing.T) {
	c := goldenCase{name: "versions", dir: filepath.Join("testdata", "golden", "versions")}
	files := generateCase(t, c)
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
