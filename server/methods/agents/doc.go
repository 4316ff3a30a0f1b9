// Package agents serves the agents domain: agents.list (the configured
// agents, the default first) and agent.identity.get (the name, avatar and
// emoji an agent presents), both from the live configuration through the
// agent catalog, in v3's shapes and resolution order.
package agents
