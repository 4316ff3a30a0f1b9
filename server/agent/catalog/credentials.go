package catalog

import (
	"sort"

	"github.com/gatewire/gatewire/server/agent/provider"
)

// CredentialSource says where a provider's API key comes from.
type CredentialSource string

// The credential sources.
const (
	CredentialConfig CredentialSource = "config" // models.providers.<id>.apiKey
	CredentialEnv    CredentialSource = "env"    // the API's environment variable
	CredentialNone   CredentialSource = ""       // no key
)

// Credential is the API key state of one configured provider, without
// the key.
type Credential struct {
	// Provider is the provider id.
	Provider string
	// Source is where its key comes from, CredentialNone without one.
	Source CredentialSource
	// EnvVar is the environment variable of its API (OPENAI_API_KEY…).
	EnvVar string
	// Required is true when the provider cannot work without a key: it
	// has no baseUrl, so requests go to the vendor's public endpoint.
	Required bool
}

// Credentials returns the credential state of every configured provider,
// sorted by id.
func (c *Catalog) Credentials() []Credential {
	cfg := c.cfg()
	out := make([]Credential, 0, len(cfg.Models.Providers))
	for id, p := range cfg.Models.Providers {
		api := providerAPI(p)
		cr := Credential{Provider: id, EnvVar: provider.EnvVar(api), Required: deref(p.BaseURL) == ""}
		switch {
		case deref(p.APIKey) != "":
			cr.Source = CredentialConfig
		case c.apiKey(p, api) != "":
			cr.Source = CredentialEnv
		}
		out = append(out, cr)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Provider < out[b].Provider })
	return out
}
