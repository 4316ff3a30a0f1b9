// Package tools holds the agent's built-in tools: exec (a command on a
// node through system.run.prepare, an approval when the policy asks, then
// system.run with the approved plan; or on the gateway host under the
// gateway's own exec-approvals policy), nodes (list, describe, invoke a
// node command), and read, write and edit confined to the agent's
// workspace.
//
// Each tool's parameters are a JSON Schema in schema/tools.json: the Go
// argument types are generated from it and the schema the model sees is
// that same definition, so there is one copy.
package tools
