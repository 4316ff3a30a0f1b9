// Package workspace builds an agent's system prompt from its workspace,
// as OpenClaw's workspace does: a short base prompt, then the bootstrap
// files (AGENTS.md, SOUL.md, TOOLS.md, IDENTITY.md, USER.md, and
// BOOTSTRAP.md and MEMORY.md when present) under "# Project Context",
// each trimmed to a per-file and a total budget with a marker that says
// where the full text is. A configured systemPromptOverride replaces the
// assembled prompt.
package workspace
