package provider

import "os"

// EnvVar names the environment variable that conventionally holds the API key for an API: OPENAI_API_KEY for
// the OpenAI APIs, ANTHROPIC_API_KEY for anthropic-messages, "" for an unknown API.
func EnvVar(api string) string {
	switch api {
	case APIOpenAICompletions, APIOpenAIResponses:
		return "OPENAI_API_KEY"
	case APIAnthropicMessages:
		return "ANTHROPIC_API_KEY"
	}
	return ""
}

// EnvAPIKey returns the API key for an API from its conventional environment variable ([EnvVar]) and the
// variable's name; the key is "" when the variable is unset or empty.
func EnvAPIKey(api string) (key, name string) {
	name = EnvVar(api)
	if name == "" {
		return "", ""
	}
	return os.Getenv(name), name
}
