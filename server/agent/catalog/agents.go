package catalog

// Agents returns the configured agents in config order; with none
// configured, the one agent "main". Exactly one is Default.
func (c *Catalog) Agents() []Agent {
	return nil
}

// Agent returns the agent with id.
func (c *Catalog) Agent(id string) (Agent, bool) {
	return Agent{}, false
}

// DefaultAgentID returns the id of the default agent: the first entry
// of agents.list marked default, else the first entry, else "main".
func (c *Catalog) DefaultAgentID() string {
	return DefaultAgentID
}
