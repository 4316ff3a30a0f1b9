package provider

import (
	"context"
	"iter"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/param"
	"github.com/openai/openai-go/v3/shared"
)

// openAICompletions is the "openai-completions" provider: streamed Chat Completions with function tools.
type openAICompletions struct {
	client openai.Client
	run    *runner
}

// newOpenAICompletions builds the provider.
func newOpenAICompletions(cfg Config, r *runner) *openAICompletions {
	return &openAICompletions{client: newOpenAIClient(cfg), run: r}
}

// API returns "openai-completions".
func (p *openAICompletions) API() string { return APIOpenAICompletions }

// Stream runs one turn; see [Provider.Stream].
func (p *openAICompletions) Stream(ctx context.Context, req *Request) iter.Seq[Event] {
	return func(yield func(Event) bool) {
		params, err := completionsParams(req)
		if err != nil {
			(&emitter{yield: yield}).fail(requestError(err))
			return
		}
		run(ctx, p.run, turn[openai.ChatCompletionChunk]{
			open: func(ctx context.Context) sdkStream[openai.ChatCompletionChunk] {
				return p.client.Chat.Completions.NewStreaming(ctx, params)
			},
			newDecoder: func() decoder[openai.ChatCompletionChunk] { return newCompletionsDecoder() },
			failure:    openAIFailure,
		}, yield)
	}
}

// completionsParams translates a request into Chat Completions parameters, asking for usage in the stream.
func completionsParams(req *Request) (openai.ChatCompletionNewParams, error) {
	params := openai.ChatCompletionNewParams{
		Model:         req.Model,
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: param.NewOpt(true)},
	}
	if req.MaxTokens > 0 {
		params.MaxCompletionTokens = param.NewOpt(int64(req.MaxTokens))
	}
	if req.System != "" {
		params.Messages = append(params.Messages, openai.SystemMessage(req.System))
	}
	for i := range req.Messages {
		params.Messages = append(params.Messages, completionsMessages(&req.Messages[i])...)
	}
	for i := range req.Tools {
		schema, err := req.Tools[i].parametersSchema()
		if err != nil {
			return params, err
		}
		fn := shared.FunctionDefinitionParam{Name: req.Tools[i].Name, Parameters: schema}
		if req.Tools[i].Description != "" {
			fn.Description = param.NewOpt(req.Tools[i].Description)
		}
		params.Tools = append(params.Tools, openai.ChatCompletionFunctionTool(fn))
	}
	return params, nil
}

// completionsMessages translates one message; a tool message becomes one "tool" message per result.
func completionsMessages(m *Message) []openai.ChatCompletionMessageParamUnion {
	switch m.Role {
	case RoleAssistant:
		return []openai.ChatCompletionMessageParamUnion{completionsAssistant(m)}
	case RoleTool:
		var out []openai.ChatCompletionMessageParamUnion
		for _, p := range m.Content {
			if p.Type == PartToolResult {
				out = append(out, openai.ToolMessage(p.Text, p.ToolCallID))
			}
		}
		return out
	default:
		return []openai.ChatCompletionMessageParamUnion{openai.UserMessage(m.text())}
	}
}

// completionsAssistant replays an assistant message: its text (null when it only called tools) and its calls.
func completionsAssistant(m *Message) openai.ChatCompletionMessageParamUnion {
	a := openai.ChatCompletionAssistantMessageParam{}
	if text := m.text(); text != "" {
		a.Content.OfString = param.NewOpt(text)
	}
	for _, p := range m.Content {
		if p.Type != PartToolCall {
			continue
		}
		a.ToolCalls = append(a.ToolCalls, openai.ChatCompletionMessageToolCallUnionParam{
			OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
				ID: p.ToolCall.ID,
				Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{
					Name: p.ToolCall.Name, Arguments: p.ToolCall.Arguments,
				},
			},
		})
	}
	return openai.ChatCompletionMessageParamUnion{OfAssistant: &a}
}
