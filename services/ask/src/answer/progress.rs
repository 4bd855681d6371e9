//! What an answer reports while it is being made: each tool call as it finishes, then the
//! sentence. The SSE stream forwards these; every other caller passes [`Progress::none`].

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::ToolUse;

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A read tool call finished.
    Tool(ToolUse),
    /// A piece of the answer's sentence; the pieces in order make the whole sentence.
    Delta(String),
}

/// Where steps go; nowhere for callers that only want the finished answer.
#[derive(Debug, Clone, Default)]
pub struct Progress(Option<UnboundedSender<Step>>);

impl Progress {
    pub fn none() -> Self {
        Self(None)
    }

    pub fn channel() -> (Self, UnboundedReceiver<Step>) {
        let (sender, receiver) = unbounded_channel();
        (Self(Some(sender)), receiver)
    }

    pub fn tool(&self, used: &ToolUse) {
        self.send(Step::Tool(used.clone()));
    }

    pub fn delta(&self, text: &str) {
        if !text.is_empty() {
            self.send(Step::Delta(text.to_string()));
        }
    }

    // A listener that went away (the client closed the stream) must not stop the answer:
    // the turn is still stored and shows in the conversation.
    fn send(&self, step: Step) {
        if let Some(sender) = &self.0 {
            let _ = sender.send(step);
        }
    }
}
