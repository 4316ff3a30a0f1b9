package workspace

import (
	"strings"

	"github.com/gatewire/gatewire/server/agent/catalog"
)

// SystemPrompt is the system prompt of a turn of agent a: its
// SystemPromptOverride when set, otherwise the base prompt with the
// workspace's bootstrap files under "# Project Context"; extra (the
// run's extra system prompt) follows in both cases. Files that cannot
// be read leave a marker instead of failing the turn, so the error is
// reserved for a workspace path that is not absolute.
func SystemPrompt(a catalog.Agent, extra string) (string, error) {
	var b strings.Builder
	if override := strings.TrimSpace(a.SystemPromptOverride); override != "" {
		b.WriteString(override)
	} else {
		if a.Workspace != "" && !isAbs(a.Workspace) {
			return "", errRelative(a.Workspace)
		}
		writeBase(&b, a)
		if a.Workspace != "" {
			writeProjectContext(&b, loadFiles(a.Workspace))
		}
	}
	if extra = strings.TrimSpace(extra); extra != "" {
		b.WriteString("\n\n## Additional Context\n\n" + extra)
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

// writeBase writes who the agent is and where it works.
func writeBase(b *strings.Builder, a catalog.Agent) {
	name := firstOf(a.Identity.Name, a.Name)
	if name != "" {
		b.WriteString("You are " + name + ", a personal assistant running inside gatewire.")
	} else {
		b.WriteString("You are a personal assistant running inside gatewire.")
	}
	if a.Identity.Emoji != "" {
		b.WriteString(" Your emoji is " + a.Identity.Emoji + ".")
	}
	b.WriteString("\n\n## Tooling\n\nUse the tools you are given when they help: read, write and edit work on files inside the workspace; " +
		"exec runs a command on the gateway host (in the workspace by default) or on a paired node; nodes lists, describes and " +
		"invokes the paired nodes. Commands may wait for an operator's approval; a denied command is not retried.\n")
	if a.Workspace != "" {
		b.WriteString("\n## Workspace\n\nYour working directory is: " + a.Workspace + "\n")
		b.WriteString("The files below are loaded from it on every turn; edit them to change your instructions, persona or notes.\n")
	}
}

// writeProjectContext writes the files within MaxFileChars each and
// MaxTotalChars together.
func writeProjectContext(b *strings.Builder, files []contextFile) {
	remaining := MaxTotalChars
	var shown []contextFile
	for _, f := range files {
		if remaining < minFileBudget {
			break
		}
		text, _ := trim(f.name, f.text, min(MaxFileChars, remaining))
		text = clamp(text, remaining)
		if text == "" {
			continue
		}
		remaining -= len([]rune(text))
		shown = append(shown, contextFile{name: f.name, path: f.path, text: text})
	}
	if len(shown) == 0 {
		return
	}
	b.WriteString("\n# Project Context\n\nThese files from the workspace are part of your instructions:\n")
	for _, f := range shown {
		if f.name == "SOUL.md" && !strings.HasPrefix(f.text, "[MISSING]") {
			b.WriteString("SOUL.md describes your persona and tone: take them on in every reply, unless an instruction with higher priority says otherwise.\n")
			break
		}
	}
	for _, f := range shown {
		b.WriteString("\n## " + f.path + "\n\n" + f.text + "\n")
	}
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
