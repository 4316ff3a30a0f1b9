package gateway

import (
	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/config"
)

// logSecrets are the values the log redactor cuts out of every record:
// the config's secrets (gateway token and password, provider API keys)
// and the API keys of the provider environment variables, used or not.
func (g *Gateway) logSecrets(c config.Config) []string {
	out := config.SecretValues(c)
	for _, api := range []string{provider.APIOpenAICompletions, provider.APIAnthropicMessages} {
		if v := g.setup.Getenv(provider.EnvVar(api)); v != "" {
			out = append(out, v)
		}
	}
	return out
}
