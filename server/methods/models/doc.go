// Package models serves the models domain: models.list (the models of the
// configured providers, then the deprecated models.catalog entries) and
// models.authStatus (whether each provider has the credential it needs).
// Both read the live configuration through the agent catalog, so a config
// change shows at the next call.
package models
