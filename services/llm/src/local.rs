//! The offline default: all-MiniLM-L6-v2 run on the CPU with candle.
//!
//! The files are the ones `deploy/local/setup.sh` installs under
//! `{models_dir}/all-MiniLM-L6-v2/` (the sentence-transformers release: config.json,
//! tokenizer.json, model.safetensors). candle supplies only the BERT encoder; the pooling
//! and normalization that sentence-transformers adds on top (1_Pooling, Normalize) are
//! done here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use candle_core::{D, DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::embedder::{EmbedError, Embedder};

/// The directory name under `models_dir`.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";
const DIMENSIONS: usize = 384;
/// The model was trained on at most 256 word pieces (sentence_bert_config.json), fewer
/// than BERT's 512 positions; tokenizer.json itself says 128, which would cut off
/// long texts the reference model still reads.
const MAX_SEQ_LENGTH: usize = 256;
/// Texts per forward pass. A larger call is split, which bounds memory: the attention
/// scores alone are batch × 12 heads × 256² floats (200 MB at 64).
const MAX_BATCH: usize = 64;

/// Cheap to clone: the model is shared.
#[derive(Clone)]
pub struct LocalEmbedder {
    model: Arc<Model>,
}

struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl LocalEmbedder {
    /// Reads the model from `{models_dir}/all-MiniLM-L6-v2/`. Blocking (about 90 MB of
    /// weights are read): call it at startup or inside `spawn_blocking`.
    pub fn load(models_dir: &Path) -> Result<Self, EmbedError> {
        let dir = models_dir.join(MODEL_NAME);
        let file = |name: &str| -> Result<PathBuf, EmbedError> {
            let path = dir.join(name);
            if path.is_file() {
                Ok(path)
            } else {
                Err(EmbedError::ModelFileMissing { path })
            }
        };
        let (config_path, tokenizer_path, weights_path) = (
            file("config.json")?,
            file("tokenizer.json")?,
            file("model.safetensors")?,
        );
        let invalid = |path: &Path| {
            let path = path.to_path_buf();
            move |source: Box<dyn std::error::Error + Send + Sync>| EmbedError::ModelFileInvalid {
                path,
                source,
            }
        };

        let config: Config = std::fs::read(&config_path)
            .map_err(|e| invalid(&config_path)(e.into()))
            .and_then(|bytes| {
                serde_json::from_slice(&bytes).map_err(|e| invalid(&config_path)(e.into()))
            })?;

        let mut tokenizer =
            Tokenizer::from_file(&tokenizer_path).map_err(invalid(&tokenizer_path))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_SEQ_LENGTH,
                ..Default::default()
            }))
            .map_err(invalid(&tokenizer_path))?;
        // The file pads every input to a fixed 128; pad only to the longest in the batch,
        // keeping the file's pad token.
        let padding = PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..tokenizer.get_padding().cloned().unwrap_or_default()
        };
        tokenizer.with_padding(Some(padding));

        let device = Device::Cpu;
        // Read into memory rather than mmap: mmap needs `unsafe`, which the workspace forbids.
        let weights = std::fs::read(&weights_path).map_err(|e| invalid(&weights_path)(e.into()))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| invalid(&weights_path)(e.into()))?;
        let bert = BertModel::load(vb, &config).map_err(|e| invalid(&weights_path)(e.into()))?;

        Ok(Self {
            model: Arc::new(Model {
                bert,
                tokenizer,
                device,
            }),
        })
    }
}

#[async_trait]
impl Embedder for LocalEmbedder {
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let model = Arc::clone(&self.model);
        let texts = texts.to_vec();
        // Inference is CPU-bound for milliseconds to seconds: keep it off the async workers.
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(MAX_BATCH) {
                out.extend(model.embed_batch(chunk)?);
            }
            Ok(out)
        })
        .await?
    }

    fn dimensions(&self) -> usize {
        DIMENSIONS
    }

    fn model_id(&self) -> &str {
        // "local:" keeps these apart from the same model served over HTTP, whose numbers
        // differ in the last digits.
        "local:all-MiniLM-L6-v2"
    }
}

impl Model {
    fn embed_batch(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(EmbedError::Tokenize)?;
        // BatchLongest padding: every encoding has the same length.
        let seq_len = encodings.first().map_or(0, |e| e.len());
        let (ids, mask): (Vec<u32>, Vec<u32>) = encodings
            .iter()
            .flat_map(|e| {
                e.get_ids()
                    .iter()
                    .copied()
                    .zip(e.get_attention_mask().iter().copied())
            })
            .unzip();
        let shape = (texts.len(), seq_len);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        // A single segment: all token types are 0.
        let token_types = ids.zeros_like()?;

        let hidden = self.bert.forward(&ids, &token_types, Some(&mask))?; // (batch, seq, 384)

        // Mean over the real tokens only: padding positions have mask 0 and drop out of
        // both the sum and the count. Every text has at least [CLS] and [SEP], so the
        // count is never 0.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?; // (batch, seq, 1)
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?; // (batch, 384)
        let counts = mask.sum(1)?; // (batch, 1)
        let mean = summed.broadcast_div(&counts)?;

        // L2 normalization, as sentence-transformers' Normalize module does.
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        let unit = mean.broadcast_div(&norms)?;
        Ok(unit.to_vec2()?)
    }
}
