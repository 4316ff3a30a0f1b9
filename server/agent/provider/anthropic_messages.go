package provider

import (
	"context"
	"encoding/json"
	"errors"
	"iter"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"
)

// anthropicMessages is the "anthropic-messages" provider: the streamed Anthropic Messages API with tools.
type anthropicMessages struct {
	client anthropic.Client
	run    *runner
}

// newAnthropicMessages builds the provider. The SDK's environment defaults (ANTHROPIC_BASE_URL,
// ANTHROPIC_AUTH_TOKEN, custom headers) are off: what is sent is what the caller configured. The SDK sends the
// key as a bearer token; it also goes in x-api-key, the header Anthropic-compatible servers check.
func newAnthropicMessages(cfg Config, r *runner) *anthropicMessages {
	opts := []option.RequestOption{option.WithoutEnvironmentDefaults(), option.WithMaxRetries(0)}
	if cfg.APIKey != "" {
		opts = append(opts, option.WithAPIKey(cfg.APIKey), option.WithHeader("x-api-key", cfg.APIKey))
	}
	if cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(cfg.BaseURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	return &anthropicMessages{client: anthropic.NewClient(opts...), run: r}
}

// API returns "anthropic-messages".
func (p *anthropicMessages) API() string { return APIAnthropicMessages }

// Stream runs one turn; see [Provider.Stream].
func (p *anthropicMessages) Stream(ctx context.Context, req *Request) iter.Seq[Event] {
	return func(yield func(Event) bool) {
		params, err := anthropicParams(req)
		if err != nil {
			(&emitter{yield: yield}).fail(requestError(err))
			return
		}
		run(ctx, p.run, turn[anthropic.MessageStreamEventUnion]{
			open: func(ctx context.Context) sdkStream[anthropic.MessageStreamEventUnion] {
				return p.client.Messages.NewStreaming(ctx, params)
			},
			newDecoder: func() decoder[anthropic.MessageStreamEventUnion] { return newAnthropicDecoder() },
			failure:    anthropicFailure,
		}, yield)
	}
}

// anthropicFailure extracts the HTTP error reply from an anthropic-sdk-go error.
func anthropicFailure(err error) *httpFailure {
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) {
		return nil
	}
	return newHTTPFailure(apiErr.StatusCode, apiErr.Response, apiErr.RawJSON())
}

// anthropicParams translates a request into Messages parameters. Tool results travel in user messages, and
// consecutive messages of the same role are merged, as the API wants roles to alternate.
func anthropicParams(req *Request) (anthropic.MessageNewParams, error) {
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = DefaultMaxTokens
	}
	params := anthropic.MessageNewParams{Model: req.Model, MaxTokens: int64(maxTokens)}
	if req.System != "" {
		params.System = []anthropic.TextBlockParam{{Text: req.System}}
	}
	params.Messages = anthropicConversation(req.Messages)
	for i := range req.Tools {
		tool, err := anthropicTool(&req.Tools[i])
		if err != nil {
			return params, err
		}
		params.Tools = append(params.Tools, tool)
	}
	return params, nil
}

// anthropicConversation translates the messages, merging consecutive ones of the same API role.
func anthropicConversation(msgs []Message) []anthropic.MessageParam {
	var out []anthropic.MessageParam
	var blocks []anthropic.ContentBlockParamUnion
	assistant := false
	flush := func() {
		switch {
		case len(blocks) == 0:
		case assistant:
			out = append(out, anthropic.NewAssistantMessage(blocks...))
		default:
			out = append(out, anthropic.NewUserMessage(blocks...))
		}
		blocks = nil
	}
	for i := range msgs {
		b := anthropicBlocks(&msgs[i])
		if len(b) == 0 {
			continue
		}
		if isAssistant := msgs[i].Role == RoleAssistant; isAssistant != assistant {
			flush()
			assistant = isAssistant
		}
		blocks = append(blocks, b...)
	}
	flush()
	return out
}

// anthropicBlocks translates one message into content blocks.
func anthropicBlocks(m *Message) []anthropic.ContentBlockParamUnion {
	var blocks []anthropic.ContentBlockParamUnion
	for _, p := range m.Content {
		switch p.Type {
		case PartText:
			if p.Text != "" {
				blocks = append(blocks, anthropic.NewTextBlock(p.Text))
			}
		case PartToolCall:
			args := json.RawMessage(p.ToolCall.Arguments)
			if !json.Valid(args) {
				args = json.RawMessage("{}")
			}
			blocks = append(blocks, anthropic.NewToolUseBlock(p.ToolCall.ID, args, p.ToolCall.Name))
		case PartToolResult:
			blocks = append(blocks, anthropic.NewToolResultBlock(p.ToolCallID, p.Text, p.IsError))
		}
	}
	return blocks
}

// anthropicTool translates a tool; its JSON Schema becomes the input schema (properties, required, and any
// other keyword carried as an extra field).
func anthropicTool(t *Tool) (anthropic.ToolUnionParam, error) {
	schema, err := t.parametersSchema()
	if err != nil {
		return anthropic.ToolUnionParam{}, err
	}
	in := anthropic.ToolInputSchemaParam{Properties: schema["properties"], ExtraFields: map[string]any{}}
	if req, ok := schema["required"].([]any); ok {
		for _, r := range req {
			if s, ok := r.(string); ok {
				in.Required = append(in.Required, s)
			}
		}
	}
	for k, v := range schema {
		if k != "type" && k != "properties" && k != "required" {
			in.ExtraFields[k] = v
		}
	}
	tool := anthropic.ToolParam{Name: t.Name, InputSchema: in}
	if t.Description != "" {
		tool.Description = param.NewOpt(t.Description)
	}
	return anthropic.ToolUnionParam{OfTool: &tool}, nil
}
