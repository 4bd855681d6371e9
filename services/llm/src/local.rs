//! The offline default: all-MiniLM-L6-v2 run on the CPU with candle.
//!
//! The files are the ones `deploy/local/setup.sh` installs under
//! `{models_dir}/all-MiniLM-L6-v2/` (the sentence-transformers release: config.json,
//! tokenizer.json, model.safetensors). candle supplies only the BERT encoder; the pooling
//! and normalization that sentence-transformers adds on top (1_Pooling, Normalize) are
//! done here.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use async_trait::async_trait;
use candle_core::{D, DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Tokenizer, TruncationParams};

use crate::embedder::{EmbedError, Embedder};

/// The directory name under `models_dir`.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";
const DIMENSIONS: usize = 384;
/// The model was trained on at most 256 word pieces (sentence_bert_config.json), fewer
/// than BERT's 512 positions; tokenizer.json itself says 128, which would cut off
/// long texts the reference model still reads.
const MAX_SEQ_LENGTH: usize = 256;
/// Texts per forward pass. A call is split after sorting its texts by length, so each
/// pass pads only to the longest of similar texts; this also bounds memory (the attention
/// scores are batch × 12 heads × length² floats).
const MAX_BATCH: usize = 64;

/// Cheap to clone: the model is shared.
#[derive(Clone)]
pub struct LocalEmbedder {
    model: Arc<Model>,
}

/// The models this process has loaded and still uses, by models directory: `kakeibo all`
/// serves searches and runs the categorizer, and both share one copy of the weights.
static LOADED: Mutex<Vec<(PathBuf, Weak<Model>)>> = Mutex::new(Vec::new());

struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    pad_id: u32,
    device: Device,
}

impl LocalEmbedder {
    /// The model this process already loaded from `models_dir` and still uses, else
    /// [`load`](Self::load). Blocking like `load`; a second caller waits for the first load
    /// rather than read the weights again.
    pub fn load_shared(models_dir: &Path) -> Result<Self, EmbedError> {
        let mut loaded = LOADED.lock().unwrap_or_else(PoisonError::into_inner);
        let alive = loaded
            .iter()
            .filter(|(dir, _)| dir == models_dir)
            .find_map(|(_, model)| model.upgrade());
        if let Some(model) = alive {
            return Ok(Self { model });
        }
        let fresh = Self::load(models_dir)?;
        loaded.retain(|(_, model)| model.strong_count() > 0);
        loaded.push((models_dir.to_path_buf(), Arc::downgrade(&fresh.model)));
        Ok(fresh)
    }

    /// Whether both hold the same copy of the weights.
    pub fn shares_weights_with(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.model, &other.model)
    }

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
        // The file pads every input to a fixed 128; `forward` pads each sub-batch itself,
        // with the file's pad token.
        let pad_id = tokenizer.get_padding().map_or(0, |p| p.pad_id);
        tokenizer.with_padding(None);

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
                pad_id,
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
        tokio::task::spawn_blocking(move || model.embed_all(texts)).await?
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
    fn embed_all(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts, true)
            .map_err(EmbedError::Tokenize)?;
        // The cost of a pass grows with its padded length: group texts of similar length.
        let mut order: Vec<usize> = (0..encodings.len()).collect();
        order.sort_by_key(|&i| encodings[i].len());
        let mut out = vec![Vec::new(); encodings.len()];
        for chunk in order.chunks(MAX_BATCH) {
            let batch: Vec<&[u32]> = chunk.iter().map(|&i| encodings[i].get_ids()).collect();
            for (&i, vector) in chunk.iter().zip(self.forward(&batch)?) {
                out[i] = vector;
            }
        }
        Ok(out)
    }

    fn forward(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>, EmbedError> {
        // Right-pad to the longest; the mask is 1 on real tokens, 0 on padding.
        let seq_len = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let (ids, mask): (Vec<u32>, Vec<u32>) = batch
            .iter()
            .flat_map(|ids| {
                let padding = seq_len - ids.len();
                let real = ids.iter().map(|&id| (id, 1));
                real.chain(std::iter::repeat_n((self.pad_id, 0), padding))
            })
            .unzip();
        let shape = (batch.len(), seq_len);
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
