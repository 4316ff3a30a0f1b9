package provider

import (
	"context"
	"iter"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/param"
	"github.com/openai/openai-go/v3/responses"
)

// openAIResponses is the "openai-responses" provider: the streamed Responses API with function tools. Requests
// are stateless (store: false): the whole conversation is sent each turn, as with Chat Completions.
type openAIResponses struct {
	client openai.Client
	run    *runner
}

// newOpenAIResponses builds the provider.
func newOpenAIResponses(cfg Config, r *runner) *openAIResponses {
	return &openAIResponses{client: newOpenAIClient(cfg), run: r}
}

// API returns "openai-responses".
func (p *openAIResponses) API() string { return APIOpenAIResponses }

// Stream runs one turn; see [Provider.Stream].
func (p *openAIResponses) Stream(ctx context.Context, req *Request) iter.Seq[Event] {
	return func(yield func(Event) bool) {
		params, err := responsesParams(req)
		if err != nil {
			(&emitter{yield: yield}).fail(requestError(err))
			return
		}
		run(ctx, p.run, turn[responses.ResponseStreamEventUnion]{
			open: func(ctx context.Context) sdkStream[responses.ResponseStreamEventUnion] {
				return p.client.Responses.NewStreaming(ctx, params)
			},
			newDecoder: func() decoder[responses.ResponseStreamEventUnion] { return &responsesDecoder{} },
			failure:    openAIFailure,
		}, yield)
	}
}

// responsesParams translates a request into Responses parameters: the system prompt as instructions, the
// conversation as input items.
func responsesParams(req *Request) (responses.ResponseNewParams, error) {
	params := responses.ResponseNewParams{Model: req.Model, Store: param.NewOpt(false)}
	if req.System != "" {
		params.Instructions = param.NewOpt(req.System)
	}
	if req.MaxTokens > 0 {
		params.MaxOutputTokens = param.NewOpt(int64(req.MaxTokens))
	}
	var input responses.ResponseInputParam
	for i := range req.Messages {
		input = append(input, responsesItems(&req.Messages[i])...)
	}
	params.Input = responses.ResponseNewParamsInputUnion{OfInputItemList: input}
	for i := range req.Tools {
		schema, err := req.Tools[i].parametersSchema()
		if err != nil {
			return params, err
		}
		fn := &responses.FunctionToolParam{Name: req.Tools[i].Name, Parameters: schema, Strict: param.NewOpt(false)}
		if req.Tools[i].Description != "" {
			fn.Description = param.NewOpt(req.Tools[i].Description)
		}
		params.Tools = append(params.Tools, responses.ToolUnionParam{OfFunction: fn})
	}
	return params, nil
}

// responsesItems translates one message into input items: a text message, then one item per tool call or result.
func responsesItems(m *Message) []responses.ResponseInputItemUnionParam {
	var out []responses.ResponseInputItemUnionParam
	if text := m.text(); text != "" {
		role := responses.EasyInputMessageRoleUser
		if m.Role == RoleAssistant {
			role = responses.EasyInputMessageRoleAssistant
		}
		out = append(out, responses.ResponseInputItemParamOfMessage(text, role))
	}
	for _, p := range m.Content {
		switch p.Type {
		case PartToolCall:
			out = append(out, responses.ResponseInputItemParamOfFunctionCall(p.ToolCall.Arguments, p.ToolCall.ID, p.ToolCall.Name))
		case PartToolResult:
			item := responses.ResponseInputItemParamOfFunctionCallOutput(p.Text)
			item.OfFunctionCallOutput.CallID = param.NewOpt(p.ToolCallID)
			out = append(out, item)
		}
	}
	return out
}
