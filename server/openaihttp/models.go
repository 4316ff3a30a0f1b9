package openaihttp

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// modelEntry is one agent target of GET /v1/models.
type modelEntry struct {
	ID         string `json:"id"`
	Object     string `json:"object"`
	Created    int64  `json:"created"`
	OwnedBy    string `json:"owned_by"`
	Permission []any  `json:"permission"`
}

// serveModels serves GET /v1/models (the agent targets: "openclaw",
// "openclaw/default", "openclaw/<defaultAgentId>", then
// "openclaw/<agentId>" of the other agents) and GET /v1/models/{id} (one
// of them, else 404), with v3's errors.
func (s *Server) serveModels(w http.ResponseWriter, r *http.Request) {
	ids := []string{modelDefault, modelDefaultAlias, modelDefault + "/" + s.d.Catalog.DefaultAgentID()}
	for _, a := range s.d.Catalog.Agents() {
		if id := modelDefault + "/" + a.ID; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	rest, one := strings.CutPrefix(r.URL.EscapedPath(), PathModels+"/")
	if !one {
		entries := make([]modelEntry, len(ids))
		for i, id := range ids {
			entries[i] = modelOf(id)
		}
		sendJSON(w, http.StatusOK, map[string]any{"object": "list", "data": entries})
		return
	}
	if rest == "" {
		invalid(w, "Missing model id.")
		return
	}
	id, err := url.PathUnescape(rest)
	switch _, isTarget := s.agentOfModel(id); {
	case err != nil:
		invalid(w, "Invalid model id encoding.")
	case !isTarget || id == "":
		invalid(w, "Invalid model id.")
	case !slices.Contains(ids, id):
		sendError(w, http.StatusNotFound, errInvalidRequest, "Model '"+id+"' not found.")
	default:
		sendJSON(w, http.StatusOK, modelOf(id))
	}
}

// modelOf is an agent target as a model entry.
func modelOf(id string) modelEntry {
	return modelEntry{ID: id, Object: "model", OwnedBy: "openclaw", Permission: []any{}}
}
