package catalog

// Model is one configured model: a model of models.providers.<Provider>.
type Model struct {
	// Ref is "<provider>/<id>", how agents and sessions name the model.
	Ref string
	// Provider is the provider's id (its key in models.providers); ID is
	// the model's id as the provider knows it.
	Provider, ID string
	// Name is the display name (the id when the config gives none).
	Name string
	// API is the wire API: the model's own, else the provider's, else
	// openai-completions (provider.API* constants).
	API string
	// ContextWindow and MaxTokens are in tokens; ContextWindow is
	// DefaultContextWindow and MaxTokens 0 when not configured.
	ContextWindow, MaxTokens int
	// Reasoning says whether the model thinks.
	Reasoning bool
	// Input lists what the model accepts ("text", "image"); ["text"] when
	// not configured.
	Input []string
	// Cost is the price per million tokens.
	Cost Cost
}

// Cost is a model's price per million tokens.
type Cost struct {
	Input, Output, CacheRead, CacheWrite float64
}

// Agent is one configured agent, its defaults resolved.
type Agent struct {
	// ID is the agent id (session keys are agent:<ID>:…); Name its display
	// name ("" when the config gives none).
	ID, Name string
	// Workspace is the agent's workspace directory, absolute when the
	// catalog knows the state directory and home.
	Workspace string
	// Model is the agent's model reference, its own or
	// agents.defaults.model; "" when neither is set.
	Model string
	// Identity is how the agent presents itself.
	Identity Identity
	// Default marks the default agent.
	Default bool
	// SystemPromptOverride replaces the assembled system prompt when not
	// blank: the agent's agents.list[].systemPromptOverride, else
	// agents.defaults.systemPromptOverride.
	SystemPromptOverride string
}

// Identity is how an agent presents itself (agents.list[].identity).
type Identity struct {
	Name, Emoji, Avatar, Theme string
}
