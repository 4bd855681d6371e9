//! Our [`ChatRequest`] to async-openai's request types, and its response back to a checked
//! [`ChatReply`].

use async_openai::types::chat::{
    ChatCompletionMessageToolCall, ChatCompletionMessageToolCalls,
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageContent,
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessage,
    ChatCompletionRequestSystemMessageContent, ChatCompletionRequestToolMessage,
    ChatCompletionRequestToolMessageContent, ChatCompletionRequestUserMessage,
    ChatCompletionRequestUserMessageContent, ChatCompletionTool, ChatCompletionTools,
    CreateChatCompletionRequest, CreateChatCompletionResponse, FunctionCall, FunctionObject,
    ResponseFormat, ResponseFormatJsonSchema,
};
use serde_json::Value;

use crate::chat::{ChatReply, ChatRequest, JsonOutput, Message, ToolCall, Usage};
use crate::error::LlmError;
use crate::schema;

/// How structured output is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `response_format: json_schema` with `strict: true`.
    JsonSchema,
    /// `response_format: json_object`, the schema stated in the system message. OpenAI
    /// requires the word "JSON" in the messages in this mode; the instruction has it.
    JsonObject,
}

pub(crate) fn request(
    model: &str,
    request: &ChatRequest,
    format: Format,
) -> CreateChatCompletionRequest {
    let mut messages: Vec<ChatCompletionRequestMessage> =
        request.messages.iter().map(message).collect();
    let response_format = request.output.as_ref().map(|output| match format {
        Format::JsonSchema => ResponseFormat::JsonSchema {
            json_schema: ResponseFormatJsonSchema {
                description: None,
                name: output.name.clone(),
                schema: output.schema.clone(),
                strict: Some(true),
            },
        },
        Format::JsonObject => {
            add_to_system_prompt(&mut messages, &schema_instruction(output));
            ResponseFormat::JsonObject
        }
    });
    let tools = (!request.tools.is_empty()).then(|| {
        request
            .tools
            .iter()
            .map(|t| {
                ChatCompletionTools::Function(ChatCompletionTool {
                    function: FunctionObject {
                        name: t.name.clone(),
                        description: Some(t.description.clone()),
                        parameters: Some(t.parameters.clone()),
                        strict: None,
                    },
                })
            })
            .collect()
    });
    CreateChatCompletionRequest {
        model: model.to_owned(),
        messages,
        response_format,
        tools,
        // OpenAI's reasoning models refuse the older `max_tokens`.
        max_completion_tokens: request.max_tokens,
        ..Default::default()
    }
}

fn schema_instruction(output: &JsonOutput) -> String {
    format!(
        "Answer with one JSON object and nothing else. It must match this JSON schema: {}",
        output.schema
    )
}

/// Many local chat templates accept a system message only in first place, so the format
/// instruction joins the first one instead of adding another.
fn add_to_system_prompt(messages: &mut Vec<ChatCompletionRequestMessage>, text: &str) {
    if let Some(ChatCompletionRequestMessage::System(system)) = messages.first_mut()
        && let ChatCompletionRequestSystemMessageContent::Text(content) = &mut system.content
    {
        content.push_str("\n\n");
        content.push_str(text);
        return;
    }
    messages.insert(0, system(text.to_owned()));
}

fn system(content: String) -> ChatCompletionRequestMessage {
    ChatCompletionRequestSystemMessage {
        content: ChatCompletionRequestSystemMessageContent::Text(content),
        name: None,
    }
    .into()
}

fn message(m: &Message) -> ChatCompletionRequestMessage {
    match m {
        Message::System { content } => system(content.clone()),
        Message::User { content } => ChatCompletionRequestUserMessage {
            content: ChatCompletionRequestUserMessageContent::Text(content.clone()),
            name: None,
        }
        .into(),
        Message::Assistant {
            content,
            tool_calls,
        } => ChatCompletionRequestAssistantMessage {
            content: content
                .clone()
                .map(ChatCompletionRequestAssistantMessageContent::Text),
            tool_calls: (!tool_calls.is_empty()).then(|| {
                tool_calls
                    .iter()
                    .map(|c| {
                        ChatCompletionMessageToolCalls::Function(ChatCompletionMessageToolCall {
                            id: c.id.clone(),
                            function: FunctionCall {
                                name: c.name.clone(),
                                arguments: c.arguments.to_string(),
                            },
                        })
                    })
                    .collect()
            }),
            ..Default::default()
        }
        .into(),
        Message::Tool { call_id, content } => ChatCompletionRequestToolMessage {
            content: ChatCompletionRequestToolMessageContent::Text(content.clone()),
            tool_call_id: call_id.clone(),
        }
        .into(),
    }
}

/// Tokens spent, whether or not the answer is then accepted.
pub(crate) fn usage(response: &CreateChatCompletionResponse) -> Usage {
    response
        .usage
        .as_ref()
        .map(|u| Usage {
            prompt_tokens: u64::from(u.prompt_tokens),
            completion_tokens: u64::from(u.completion_tokens),
        })
        .unwrap_or_default()
}

/// The first choice, checked: tool-call arguments must be JSON, and with a [`JsonOutput`]
/// the text must be one JSON value that matches the schema.
pub(crate) fn reply(
    response: CreateChatCompletionResponse,
    output: Option<&JsonOutput>,
) -> Result<ChatReply, LlmError> {
    let usage = usage(&response);
    let choice = response
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| invalid("no choices"))?;
    let finish_reason = choice
        .finish_reason
        .and_then(|r| serde_json::to_value(r).ok())
        .and_then(|v| v.as_str().map(str::to_owned));
    let message = choice.message;
    if let Some(refusal) = message.refusal.filter(|r| !r.is_empty()) {
        return Err(invalid(&format!("the model refused: {refusal}")));
    }
    let tool_calls = message
        .tool_calls
        .unwrap_or_default()
        .into_iter()
        .map(|call| match call {
            ChatCompletionMessageToolCalls::Function(f) => {
                let arguments = serde_json::from_str(&f.function.arguments).map_err(|e| {
                    invalid(&format!(
                        "arguments of {} are not JSON: {e}",
                        f.function.name
                    ))
                })?;
                Ok(ToolCall {
                    id: f.id,
                    name: f.function.name,
                    arguments,
                })
            }
            ChatCompletionMessageToolCalls::Custom(c) => Err(invalid(&format!(
                "a custom tool call ({}) was not offered",
                c.custom_tool.name
            ))),
        })
        .collect::<Result<Vec<_>, _>>()?;

    let json = match output {
        Some(output) if tool_calls.is_empty() => {
            if finish_reason.as_deref() == Some("length") {
                return Err(invalid("the answer was cut off at the token limit"));
            }
            let text = message
                .content
                .as_deref()
                .ok_or_else(|| invalid("no content"))?;
            let value: Value = serde_json::from_str(strip_fences(text))
                .map_err(|e| invalid(&format!("the content is not JSON: {e}")))?;
            schema::validate(&output.schema, &value).map_err(|e| invalid(&e))?;
            Some(value)
        }
        _ => None,
    };
    Ok(ChatReply {
        content: message.content,
        json,
        tool_calls,
        finish_reason,
        usage,
        cached: false,
    })
}

/// Some local models wrap JSON in a Markdown code fence even in JSON mode.
fn strip_fences(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .and_then(|rest| rest.strip_suffix("```"))
        .map(str::trim)
        .unwrap_or(t)
}

fn invalid(why: &str) -> LlmError {
    LlmError::InvalidReply(why.to_owned())
}
