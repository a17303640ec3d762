"""EXPERIMENT, not part of `make model`: fine-tuning the encoder and a linear head with JAX.

Measured on validation (docs/model.md, "Fine-tuning, tried"): fine-tuning the first 4
layers reached 0.850 validation accuracy (0.835 int8 with the Tier-3 weight), against
0.894 for the shipped frozen 6-layer encoder with its pooled-features head, so the
build does not use it. It is kept because the JAX forward is checked against the ONNX
graph and a later attempt (all 6 layers, LP-FT, an idle machine) can start from it.
It needs `pip install jax==0.10.2 jaxlib==0.10.2` (CPU wheels from PyPI; not in
pyproject, the build does not need them); tests/unit/test_finetune.py skips without it.

    PYTHONPATH=.:layers/common .venv/bin/python -m layers.classifier.build.finetune \
        --layers 4 --epochs 4     # trains on train + extra_train, reports validation

The forward pass mirrors encoder_graph.build_encoder op for op (word + position +
token-type-0 embeddings, LayerNorm eps 1e-12, additive -10000 attention mask, exact-erf
GELU, post-LayerNorm residual blocks, masked mean pooling), and the fine-tuned weights
come back in the safetensors layout and key names, so `encoder_model(weights=...,
layers=...)` writes them into the same ONNX graph.

Head: masked mean of the last kept layer -> Dense(hidden -> labels) -> softmax.
Training: AdamW, linear warm-up then linear decay, dropout as BERT's (0.1, rbg random
bits: threefry masks cost more than the matmuls on a CPU), cross entropy with label
smoothing; the word-embedding table is frozen. Length-bucketed batches of fixed shapes
(few XLA compilations). Deterministic for a fixed seed and XLA thread setting.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

BUCKETS = (16, 24, 32, 48, 64, 96, 128)
NEG_MASK = -10000.0


@dataclass(frozen=True)
class FinetuneSpec:
    layers: int = 4  # the first N transformer layers of the 6 are kept
    epochs: int = 5
    batch: int = 32
    lr: float = 1e-4  # encoder
    head_lr: float = 2e-3
    weight_decay: float = 0.01
    warmup: float = 0.1  # fraction of all steps
    dropout: float = 0.1
    label_smoothing: float = 0.05
    seed: int = 0

    def describe(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in asdict(self).items())


def configure_jax(threads: int = 1) -> None:
    """XLA CPU flags, before jax is first imported. One thread by default: XLA's
    multi-threaded Eigen kernels may split reductions by thread count, and a build
    must give the same bytes on every run."""
    flags = os.environ.get("XLA_FLAGS", "")
    if "xla_cpu_multi_thread_eigen" not in flags:
        extra = (
            " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
            if threads == 1
            else ""
        )
        os.environ["XLA_FLAGS"] = (flags + extra).strip()
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("JAX_ENABLE_X64", "0")


# --- parameters ---------------------------------------------------------------------


def split_weights(weights: dict[str, np.ndarray], n_layers: int):
    """(trainable, frozen) dicts of float32 arrays, keys as in the safetensors file."""
    trainable, frozen = {}, {}
    for k, v in weights.items():
        if k.startswith("encoder.layer."):
            if int(k.split(".")[2]) >= n_layers:
                continue
            trainable[k] = np.asarray(v, dtype=np.float32)
        elif k == "embeddings.word_embeddings.weight":
            frozen[k] = np.asarray(v, dtype=np.float32)
        elif k.startswith("embeddings."):
            trainable[k] = np.asarray(v, dtype=np.float32)
        # pooler.* is not used by mean pooling
    return trainable, frozen


def merge_weights(trainable: dict, frozen: dict) -> dict[str, np.ndarray]:
    out = {k: np.asarray(v, dtype=np.float32) for k, v in frozen.items()}
    out.update({k: np.asarray(v, dtype=np.float32) for k, v in trainable.items()})
    return out


# --- forward --------------------------------------------------------------------------


def _layer_norm(jnp, x, g, b, eps):
    mu = jnp.mean(x, axis=-1, keepdims=True)
    var = jnp.mean(jnp.square(x - mu), axis=-1, keepdims=True)
    return (x - mu) / jnp.sqrt(var + eps) * g + b


def make_forward(config: dict, n_layers: int):
    """forward(params, frozen, ids, mask, rng=None, dropout=0.0) -> pooled [batch, hidden]."""
    import jax
    import jax.numpy as jnp

    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config["layer_norm_eps"])
    head_dim = hidden // heads
    scale = 1.0 / np.sqrt(head_dim)

    def drop(x, rng, rate):
        if rng is None or rate <= 0.0:
            return x
        keep = jax.random.bernoulli(rng, 1.0 - rate, x.shape)
        return jnp.where(keep, x / (1.0 - rate), 0.0)

    def forward(params, frozen, ids, mask, rng=None, dropout=0.0):
        p = params
        seq = ids.shape[1]
        maskf = mask.astype(jnp.float32)
        x = frozen["embeddings.word_embeddings.weight"][ids]
        pos = (
            p["embeddings.position_embeddings.weight"][:seq]
            + p["embeddings.token_type_embeddings.weight"][0][None, :]
        )
        x = x + pos[None]
        x = _layer_norm(
            jnp, x, p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"], eps
        )
        rngs = list(jax.random.split(rng, 3 * n_layers + 1)) if rng is not None else None

        def nxt():
            return rngs.pop() if rngs is not None else None

        x = drop(x, nxt(), dropout)
        add_mask = ((1.0 - maskf) * NEG_MASK)[:, None, None, :]
        b, s = ids.shape
        for i in range(n_layers):
            pre = f"encoder.layer.{i}."

            def lin(v, name, pre=pre):
                return v @ p[pre + name + ".weight"].T + p[pre + name + ".bias"]

            q = lin(x, "attention.self.query").reshape(b, s, heads, head_dim) * scale
            k = lin(x, "attention.self.key").reshape(b, s, heads, head_dim)
            v = lin(x, "attention.self.value").reshape(b, s, heads, head_dim)
            scores = jnp.einsum("bqhd,bkhd->bhqk", q, k) + add_mask
            probs = jax.nn.softmax(scores, axis=-1)
            probs = drop(probs, nxt(), dropout)
            ctx = jnp.einsum("bhqk,bkhd->bqhd", probs, v).reshape(b, s, hidden)
            a = drop(lin(ctx, "attention.output.dense"), nxt(), dropout)
            x = _layer_norm(
                jnp,
                a + x,
                p[pre + "attention.output.LayerNorm.weight"],
                p[pre + "attention.output.LayerNorm.bias"],
                eps,
            )
            h = lin(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + jax.scipy.special.erf(h / np.sqrt(2.0).astype(np.float32)))
            o = drop(lin(h, "output.dense"), nxt(), dropout)
            x = _layer_norm(
                jnp,
                o + x,
                p[pre + "output.LayerNorm.weight"],
                p[pre + "output.LayerNorm.bias"],
                eps,
            )
        summed = jnp.sum(x * maskf[:, :, None], axis=1)
        count = jnp.maximum(jnp.sum(maskf, axis=1, keepdims=True), 1e-9)
        return summed / count

    return forward


# --- batching -------------------------------------------------------------------------


def _bucket(n: int) -> int:
    for b in BUCKETS:
        if n <= b:
            return b
    return BUCKETS[-1]


def make_batches(
    encodings: Sequence[Sequence[int]],
    order: np.ndarray,
    batch: int,
    labels: np.ndarray | None = None,
):
    """Batches of `batch` rows in `order`, each padded to its length bucket. Rows past the
    end are dummies with weight 0. Yields (ids, mask, y, weight) numpy arrays."""
    for start in range(0, len(order), batch):
        idx = order[start : start + batch]
        width = _bucket(max(len(encodings[i]) for i in idx))
        ids = np.zeros((batch, width), dtype=np.int32)
        mask = np.zeros((batch, width), dtype=np.int32)
        y = np.zeros((batch,), dtype=np.int32)
        w = np.zeros((batch,), dtype=np.float32)
        for r, i in enumerate(idx):
            e = encodings[i][:width]
            ids[r, : len(e)] = e
            mask[r, : len(e)] = 1
            w[r] = 1.0
            if labels is not None:
                y[r] = labels[i]
        mask[len(idx) :, 0] = 1  # dummies: one visible token, no NaN in pooling
        yield ids, mask, y, w


def epoch_order(lengths: np.ndarray, batch: int, rng: np.random.Generator) -> np.ndarray:
    """Shuffled, then sorted by length inside chunks of 16 batches (less padding),
    then the batches shuffled."""
    perm = rng.permutation(len(lengths))
    chunk = batch * 16
    parts = []
    for s in range(0, len(perm), chunk):
        c = perm[s : s + chunk]
        parts.append(c[np.argsort(lengths[c], kind="stable")])
    flat = np.concatenate(parts)
    batches = [flat[s : s + batch] for s in range(0, len(flat), batch)]
    return np.concatenate([batches[i] for i in rng.permutation(len(batches))])


# --- training -------------------------------------------------------------------------


@dataclass
class FinetuneResult:
    weights: dict[str, np.ndarray]  # safetensors layout, first `layers` layers only
    head: tuple[np.ndarray, np.ndarray]  # [hidden, labels], [labels]
    history: list[dict]
    seconds: float


def finetune(
    weights: dict[str, np.ndarray],
    config: dict,
    train_ids: Sequence[Sequence[int]],
    train_y: np.ndarray,
    n_labels: int,
    spec: FinetuneSpec,
    *,
    eval_sets: dict[str, tuple[Sequence[Sequence[int]], np.ndarray]] | None = None,
    log: Callable[[str], None] = print,
) -> FinetuneResult:
    import jax
    import jax.numpy as jnp

    t0 = time.perf_counter()
    hidden = int(config["hidden_size"])
    trainable, frozen = split_weights(weights, spec.layers)
    rng_np = np.random.default_rng(spec.seed)
    # head init: small normal, zero bias (deterministic from the seed)
    head_w = (rng_np.standard_normal((hidden, n_labels)) * 0.02).astype(np.float32)
    head_b = np.zeros((n_labels,), dtype=np.float32)
    params = {"enc": trainable, "head": {"w": head_w, "b": head_b}}
    params = jax.tree_util.tree_map(jnp.asarray, params)
    frozen = jax.tree_util.tree_map(jnp.asarray, frozen)
    forward = make_forward(config, spec.layers)

    # `frozen` (the 47 MB word-embedding table) is passed as an argument, never closed
    # over: a closed-over array becomes an XLA constant and slows every compilation.
    def loss_fn(params, frozen, ids, mask, y, w, rng):
        pooled = forward(params["enc"], frozen, ids, mask, rng, spec.dropout)
        logits = pooled @ params["head"]["w"] + params["head"]["b"]
        logp = jax.nn.log_softmax(logits, axis=-1)
        onehot = jax.nn.one_hot(y, n_labels)
        target = onehot * (1.0 - spec.label_smoothing) + spec.label_smoothing / n_labels
        per = -jnp.sum(target * logp, axis=-1)
        return jnp.sum(per * w) / jnp.maximum(jnp.sum(w), 1.0)

    lengths = np.array([len(e) for e in train_ids])
    steps_per_epoch = int(np.ceil(len(train_ids) / spec.batch))
    total = steps_per_epoch * spec.epochs
    warm = max(1, int(total * spec.warmup))
    b1, b2, adam_eps = 0.9, 0.999, 1e-8

    def schedule(step):
        step = step.astype(jnp.float32)
        up = step / warm
        down = jnp.maximum(0.0, (total - step) / max(1, total - warm))
        return jnp.where(step < warm, up, down)

    lr_tree = {
        "enc": jax.tree_util.tree_map(lambda _: spec.lr, params["enc"]),
        "head": {"w": spec.head_lr, "b": spec.head_lr},
    }

    def decays(path_key: str) -> bool:
        # no weight decay on biases and LayerNorm parameters (as BERT)
        return not (path_key.endswith("bias") or "LayerNorm" in path_key or path_key == "b")

    decay_tree = {
        "enc": {k: decays(k) for k in params["enc"]},
        "head": {"w": True, "b": False},
    }

    @jax.jit
    def step_fn(params, frozen, m, v, step, ids, mask, y, w, rng):
        loss, grads = jax.value_and_grad(loss_fn)(params, frozen, ids, mask, y, w, rng)
        step1 = step + 1
        f = schedule(step)
        m = jax.tree_util.tree_map(lambda a, g: b1 * a + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda a, g: b2 * a + (1 - b2) * g * g, v, grads)
        bc1 = 1 - b1 ** step1.astype(jnp.float32)
        bc2 = 1 - b2 ** step1.astype(jnp.float32)

        def upd(p, mm, vv, lr, dec):
            u = (mm / bc1) / (jnp.sqrt(vv / bc2) + adam_eps)
            if dec:
                u = u + spec.weight_decay * p
            return p - lr * f * u

        params = jax.tree_util.tree_map(upd, params, m, v, lr_tree, decay_tree)
        return params, m, v, step1, loss

    @jax.jit
    def logits_fn(params, frozen, ids, mask):
        pooled = forward(params["enc"], frozen, ids, mask)
        return pooled @ params["head"]["w"] + params["head"]["b"]

    def predict(params, encs) -> np.ndarray:
        order = np.argsort([len(e) for e in encs], kind="stable")
        out = np.zeros((len(encs), n_labels), dtype=np.float32)
        for (ids, mask, _, w), s in zip(
            make_batches(encs, order, 64), range(0, len(order), 64), strict=True
        ):
            lg = np.asarray(logits_fn(params, frozen, ids, mask))
            n = int(w.sum())
            out[order[s : s + n]] = lg[:n]
        return out

    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    step = jnp.asarray(0, dtype=jnp.int32)
    # rbg bits: threefry dropout masks cost more than the matmuls on a CPU
    key = jax.random.key(spec.seed, impl="unsafe_rbg")
    history = []
    for epoch in range(spec.epochs):
        te = time.perf_counter()
        order = epoch_order(lengths, spec.batch, rng_np)
        losses = []
        for ids, mask, y, w in make_batches(train_ids, order, spec.batch, train_y):
            key, sub = jax.random.split(key)
            params, m, v, step, loss = step_fn(params, frozen, m, v, step, ids, mask, y, w, sub)
            losses.append(float(loss))
        row = {"epoch": epoch + 1, "loss": round(float(np.mean(losses)), 4)}
        for name, (encs, gold) in (eval_sets or {}).items():
            pred = predict(params, encs).argmax(1)
            row[f"{name}_accuracy"] = round(float(np.mean(pred == gold)), 4)
        row["seconds"] = round(time.perf_counter() - te, 1)
        history.append(row)
        log(f"  epoch {row}")
    enc = jax.tree_util.tree_map(np.asarray, params["enc"])
    out_weights = merge_weights(enc, jax.tree_util.tree_map(np.asarray, frozen))
    head = (np.asarray(params["head"]["w"]), np.asarray(params["head"]["b"]))
    return FinetuneResult(out_weights, head, history, time.perf_counter() - t0)


def jax_logits(
    weights: dict[str, np.ndarray],
    config: dict,
    n_layers: int,
    head: tuple[np.ndarray, np.ndarray] | None,
    encs: Sequence[Sequence[int]],
) -> np.ndarray:
    """Pooled vectors (head None) or logits of the JAX forward, one text at a time
    (no padding), for tests and checks."""
    import jax
    import jax.numpy as jnp

    trainable, frozen = split_weights(weights, n_layers)
    forward = jax.jit(make_forward(config, n_layers))
    rows = []
    for e in encs:
        ids = jnp.asarray([list(e)], dtype=jnp.int32)
        pooled = np.asarray(forward(trainable, frozen, ids, jnp.ones_like(ids)))[0]
        rows.append(pooled if head is None else pooled @ head[0] + head[1])
    return np.stack(rows)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for name, default in asdict(FinetuneSpec()).items():
        ap.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    ap.add_argument("--xla-threads", type=int, default=2)
    args = ap.parse_args(argv)
    configure_jax(args.xla_threads)

    from frontdesk.domain.intents import Intent
    from frontdesk.domain.text import normalize_text
    from layers.classifier.build import corpus as corpus_mod
    from layers.classifier.build.embed import load_tokenizer
    from layers.classifier.build.encoder_graph import default_source, load_weights
    from layers.classifier.build.make_model import MAX_LENGTH, load_training_rows

    spec = FinetuneSpec(**{k: getattr(args, k) for k in asdict(FinetuneSpec())})
    labels = [i.value for i in Intent]
    index = {lab: i for i, lab in enumerate(labels)}
    src = default_source()
    tok = load_tokenizer(src.tokenizer, MAX_LENGTH)
    train, files = load_training_rows()
    val = corpus_mod.load_split("validation")

    def ids(rows):
        return [e.ids for e in tok.encode_batch([normalize_text(r.text) for r in rows])]

    print(f"training on {' + '.join(files)} ({len(train)} rows): {spec.describe()}", flush=True)
    result = finetune(
        load_weights(src),
        src.config,
        ids(train),
        np.array([index[r.intent] for r in train]),
        len(labels),
        spec,
        eval_sets={"validation": (ids(val), np.array([index[r.intent] for r in val]))},
        log=lambda s: print(s, flush=True),
    )
    print(json.dumps({"spec": asdict(spec), "history": result.history}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
