"""The lexical branch of the final head, and the two-view confidence that guards it.

The frozen encoder's pooled features miss some exact-word evidence that a bag of words
keeps (a TF-IDF baseline is about as accurate on held-out data, with different errors). The
branch is a logistic regression over the message's word pieces whose logits are added to
the final head's. Each word piece counts with the weight the graph already computes for the
IDF-weighted means: its IDF over the message's IDF sum ([CLS] and [SEP] included in the sum,
not counted as features; repeats add up). Only word pieces seen in training get weights.
C and ALPHA were chosen in session 5 by 5-fold cross-validation on the training rows split
by paraphrase group, not on validation.

The branch makes the head more accurate but also surer, and a floor chosen on calibration
did not transfer to test in session 5 (docs/model.md, "a lexical branch"). So an answer of
the final stage carries a confidence that needs both views: the smaller of the top
intent's probability with the branch and the same intent's probability from the head
without it. The branch may change the intent; it cannot make an auto-answer surer than the
encoder head alone is.

Graph (fp32, after quantisation, like the head), in the final stage only:
    rows       = Gather(lexical.remap [vocab] int64, input_ids)   # word piece -> row, 0 = none
    votes      = Gather(lexical.table [seen + 1, labels], rows)    # row 0 is all zeros
    logits     = head logits + ReduceSum(votes * IDF_WEIGHTS, axis=1) + lexical.bias
    p          = Softmax(logits)                                    # LEXICAL_PROBABILITIES
    confidence = Min(p[argmax p], head probabilities[argmax p])     # TWO_VIEW_CONFIDENCE
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from layers.classifier.build.encoder_graph import IDF_WEIGHTS
from layers.classifier.build.head import SEED

LEXICAL_C = 100.0
# The branch's logits are added with this weight (folded into its table and bias).
ALPHA = 1.0
LEXICAL_PROBABILITIES = "lexical/probabilities"
TWO_VIEW_CONFIDENCE = "lexical/confidence"


@dataclass
class LexicalHead:
    table: np.ndarray  # [vocab, labels] float32, alpha folded in; zero rows for unseen pieces
    bias: np.ndarray  # [labels] float64, alpha folded in

    @property
    def word_pieces(self) -> int:
        return int(np.any(self.table != 0, axis=1).sum())


def special_ids(tokenizer) -> frozenset[int]:
    return frozenset(
        i for t in ("[CLS]", "[SEP]", "[PAD]") if (i := tokenizer.token_to_id(t)) is not None
    )


def word_piece_bags(tokenizer, texts: list[str], idf: np.ndarray):
    """[texts, vocab] sparse: each word piece's share of the message's IDF, as the graph
    computes it in float32 (`IDF_WEIGHTS`)."""
    import scipy.sparse as sp

    skip = special_ids(tokenizer)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, enc in enumerate(tokenizer.encode_batch(texts)):
        ids = np.asarray(enc.ids, dtype=np.int64)
        w = idf[ids].astype(np.float32)
        w = w / w.sum(dtype=np.float32)
        for i, weight in zip(ids.tolist(), w.tolist(), strict=True):
            if i not in skip:
                rows.append(r)
                cols.append(i)
                vals.append(weight)
    bags = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), idf.shape[0]), dtype=np.float64)
    bags.sum_duplicates()
    return bags


def train_lexical(bags, y: np.ndarray, n_labels: int, tokenizer) -> LexicalHead:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=LEXICAL_C, max_iter=5000, random_state=SEED).fit(bags, y)
    if len(clf.classes_) != n_labels:
        raise ValueError(f"the lexical branch needs rows of all {n_labels} intents in training")
    table = clf.coef_.T.astype(np.float64) * ALPHA
    seen = np.asarray((bags != 0).sum(axis=0)).ravel() > 0
    table[~seen] = 0.0
    table[sorted(special_ids(tokenizer))] = 0.0
    return LexicalHead(table.astype(np.float32), clf.intercept_.astype(np.float64) * ALPHA)


def lexical_logits(head: LexicalHead, bags) -> np.ndarray:
    """What the branch adds to the head's logits, its bias included."""
    return np.asarray(bags @ head.table.astype(np.float64)) + head.bias


def two_view_confidence(with_branch: np.ndarray, without: np.ndarray) -> np.ndarray:
    """[rows]: min(p[top], q[top]) for top = argmax p, p with the branch, q without."""
    top = with_branch.argmax(axis=1)[:, None]
    return np.minimum(
        np.take_along_axis(with_branch, top, axis=1), np.take_along_axis(without, top, axis=1)
    )[:, 0]


def append_lexical_branch(
    model: onnx.ModelProto,
    head: LexicalHead,
    *,
    head_logits: str,
    head_probabilities: str,
    logit_shift: np.ndarray,
) -> onnx.ModelProto:
    """A copy of `model` (built by append_head) with the branch on the final head: adds
    LEXICAL_PROBABILITIES and TWO_VIEW_CONFIDENCE (graph outputs). `logit_shift` [labels]
    is added to the branch's logits besides its bias (the difference between this head's
    Tier-3 weight and the plain head's, as logs)."""
    out = onnx.ModelProto()
    out.CopyFrom(model)
    g = out.graph
    rows = np.flatnonzero(np.any(head.table != 0, axis=1))
    remap = np.zeros((head.table.shape[0],), dtype=np.int64)
    remap[rows] = np.arange(1, len(rows) + 1)
    table = np.zeros((len(rows) + 1, head.table.shape[1]), dtype=np.float32)
    table[1:] = head.table[rows]
    g.initializer.extend(
        [
            numpy_helper.from_array(remap, "lexical.remap"),
            numpy_helper.from_array(table, "lexical.table"),
            numpy_helper.from_array(
                (head.bias + logit_shift).astype(np.float32), "lexical.bias"
            ),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "lexical.axis1"),
        ]
    )
    p, conf = LEXICAL_PROBABILITIES, TWO_VIEW_CONFIDENCE

    def node(op: str, inputs: list[str], name: str, **attrs) -> onnx.NodeProto:
        return helper.make_node(op, inputs, [name], name=name, **attrs)

    g.node.extend(
        [
            node("Gather", ["lexical.remap", "input_ids"], "lexical/Rows", axis=0),
            node("Gather", ["lexical.table", "lexical/Rows"], "lexical/Votes", axis=0),
            node("Mul", ["lexical/Votes", IDF_WEIGHTS], "lexical/Weighted"),
            node("ReduceSum", ["lexical/Weighted", "lexical.axis1"], "lexical/Sum", keepdims=0),
            node("Add", [head_logits, "lexical/Sum"], "lexical/HeadPlusVotes"),
            node("Add", ["lexical/HeadPlusVotes", "lexical.bias"], "lexical/Logits"),
            node("Softmax", ["lexical/Logits"], p, axis=-1),
            node("ArgMax", [p], "lexical/Top", axis=1, keepdims=1),
            node("GatherElements", [p, "lexical/Top"], "lexical/TopWith", axis=1),
            node("GatherElements", [head_probabilities, "lexical/Top"], "lexical/TopWithout",
                 axis=1),
            node("Min", ["lexical/TopWith", "lexical/TopWithout"], "lexical/Least"),
            node("Squeeze", ["lexical/Least", "lexical.axis1"], conf),
        ]
    )  # fmt: skip
    n_labels = int(table.shape[1])
    g.output.extend(
        [
            helper.make_tensor_value_info(p, TensorProto.FLOAT, ["batch", n_labels]),
            helper.make_tensor_value_info(conf, TensorProto.FLOAT, ["batch"]),
        ]
    )
    onnx.checker.check_model(out)
    return out
