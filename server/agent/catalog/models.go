package catalog

import (
	"errors"

	"github.com/gatewire/gatewire/server/agent/provider"
)

// ErrNoModel is wrapped by the errors of ModelFor when no model can be
// chosen (none configured, or the reference names no configured model).
var ErrNoModel = errors.New("no model")

// Models returns every configured model, providers sorted by id, each
// provider's models in config order.
func (c *Catalog) Models() []Model {
	return nil
}

// Model returns the configured model with reference "<provider>/<id>".
func (c *Catalog) Model(ref string) (Model, bool) {
	return Model{}, false
}

// ModelFor picks the model of a turn of agent agentID: override (a
// session's /model or sessions.patch model) when not empty, else the
// agent's model, else agents.defaults.model. With no provider configured
// the error names the config keys to set; a reference that names no
// configured model is an error naming the reference.
func (c *Catalog) ModelFor(agentID, override string) (Model, error) {
	return Model{}, ErrNoModel
}

// Provider returns the provider client of m's provider, built once per
// settings (base URL, API, key) and rebuilt when the config changes
// them. The API key is models.providers.<id>.apiKey, else the
// conventional environment variable of the API (provider.EnvVar).
func (c *Catalog) Provider(m Model) (provider.Provider, error) {
	return nil, errors.New("catalog: not implemented yet")
}

// APIKeys returns every provider API key in use (configured or taken
// from the environment), for the log redactor.
func (c *Catalog) APIKeys() []string {
	return nil
}
