package sessionsimport

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
	"github.com/gatewire/gatewire/server/transcript"
)

// Command returns `import`, to add under `gatewire sessions`.
func Command() *cobra.Command {
	var from, stateDir string
	var dev, asJSON bool
	cmd := &cobra.Command{
		Use:   "import --from <openclaw state dir>",
		Short: "Import OpenClaw sessions and transcripts into this gatewire's state",
		Long: `Import the sessions of an OpenClaw state directory (agents/<agentId>/sessions/sessions.json
and each session's <sessionId>.jsonl) into gatewire's state database: messages keep their ids,
timestamps and order; labels, thinking levels, model overrides, usage totals and the latest
compaction come along. Sessions already in gatewire (same key or session id) are left alone,
so running it again is harmless. It writes to the state directory directly; a running gateway
sees the sessions at once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return fmt.Errorf("--from <openclaw state dir> is required")
			}
			dir, err := statedir.Resolve(stateDir, dev, os.Getenv)
			if err != nil {
				return err
			}
			return run(cmd.Context(), from, dir, asJSON, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&from, "from", "", "OpenClaw state directory to read (e.g. ~/.openclaw)")
	fs.StringVar(&stateDir, "state-dir", "", "gatewire state directory to write (default ~/.gatewire)")
	fs.BoolVar(&dev, "dev", false, "use ~/.gatewire-dev unless --state-dir or the environment says otherwise")
	fs.BoolVar(&asJSON, "json", false, "print the outcome of each session as JSON")
	return cmd
}

// run imports from into dir's state database and reports.
func run(ctx context.Context, from string, dir statedir.Dir, asJSON bool, w io.Writer) error {
	sessions, err := Read(from)
	if err != nil {
		return err
	}
	if err := dir.Ensure(); err != nil {
		return err
	}
	db, err := store.Open(ctx, store.PathIn(dir.Root()))
	if err != nil {
		return err
	}
	defer db.Close()
	outcomes, err := Import(ctx, transcript.New(db, nil), sessions)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"sessions": outcomes})
	}
	return report(w, outcomes)
}

// report prints one line per session and a summary.
func report(w io.Writer, outcomes []Outcome) error {
	counts := map[string]int{}
	for _, o := range outcomes {
		counts[o.Status]++
		line := fmt.Sprintf("%-8s %s (%d messages)", o.Status, o.Key, o.Messages)
		if o.Detail != "" {
			line += ": " + o.Detail
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d imported, %d already present, %d skipped\n",
		counts[StatusImported], counts[StatusExists], counts[StatusSkipped])
	return err
}
