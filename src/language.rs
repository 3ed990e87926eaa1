//! The one language model of a process: built from the data compiled into the binary the
//! first time something needs it, then shared. The text core takes the model as a value; this
//! is the edge that makes it.

use std::sync::{Arc, OnceLock};

use crate::text::model::{Model, ModelError};

/// The built-in model. It cannot fail on a good build; a damaged one is reported, not a panic.
pub fn model() -> Result<Arc<Model>, ModelError> {
    static MODEL: OnceLock<Result<Arc<Model>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::embedded().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(ModelError::Damaged)
}
