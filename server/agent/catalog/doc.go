// Package catalog says which agents and models the gateway has: it reads
// them from the effective configuration (agents.*, models.providers.*) on
// every call, so a config reload applies to the next call, and it hands
// out the provider client of a model, built once per provider settings
// and rebuilt when they change.
package catalog
