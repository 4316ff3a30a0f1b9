package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// newModelsCommand returns `models` and its subcommands.
func (e *env) newModelsCommand() *cobra.Command {
	var f connFlags
	cmd := groupCommand("models", "List the models of the gateway's configured providers and whether they have their API keys")
	f.register(cmd.PersistentFlags())
	cmd.AddCommand(e.modelsList(&f), e.modelsStatus(&f))
	return cmd
}

// modelsList returns `models list`: the models the gateway's providers
// offer (models.list), as "<provider>/<id>" references agents and
// sessions use.
func (e *env) modelsList(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the configured models with their context window, reasoning and input kinds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return query(e, cmd, f, readAccess, (*protocol.Client).ModelsList, &protocol.ModelsListParams{}, printModels)
		},
	}
}

// printModels writes the models as a table, or says how to configure one.
func printModels(s *session, r *protocol.ModelsListResult) error {
	out := s.cmd.OutOrStdout()
	if len(r.Models) == 0 {
		_, err := fmt.Fprintln(out, "No models configured. Set models.providers.<id> (baseUrl, api, apiKey, models[].id) "+
			"and agents.defaults.model.primary in the gateway's config file.")
		return err
	}
	t := newTable(out, "MODEL", "NAME", "CONTEXT", "REASONING", "INPUT")
	for _, m := range r.Models {
		ctx := ""
		if m.ContextWindow != nil {
			ctx = strconv.FormatInt(*m.ContextWindow, 10)
		}
		reasoning := ""
		if m.Reasoning != nil {
			reasoning = strconv.FormatBool(*m.Reasoning)
		}
		t.row(m.Provider+"/"+m.ID, m.Name, ctx, reasoning, list(m.Input))
	}
	return t.flush()
}

// modelsStatus returns `models status`: whether each provider has the API
// key it needs (models.authStatus), never the key itself.
func (e *env) modelsStatus(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show whether each provider has its API key (from the config or the environment)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return query(e, cmd, f, readAccess, (*protocol.Client).ModelsAuthStatus, &protocol.ModelsAuthStatusParams{}, printAuthStatus)
		},
	}
}

// printAuthStatus writes the providers' credential states as a table.
func printAuthStatus(s *session, r *protocol.ModelsAuthStatusResult) error {
	out := s.cmd.OutOrStdout()
	if len(r.Providers) == 0 {
		_, err := fmt.Fprintln(out, "No provider needs an API key (none is configured, or each has a baseUrl and no key).")
		return err
	}
	t := newTable(out, "PROVIDER", "STATUS", "KEY FROM")
	for _, p := range r.Providers {
		from := make([]string, 0, len(p.Profiles))
		for _, pr := range p.Profiles {
			from = append(from, pr.ProfileID)
		}
		t.row(p.Provider, string(p.Status), list(from))
	}
	return t.flush()
}
