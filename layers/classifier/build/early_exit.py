"""Early exit: one ONNX graph that stops after layer k when the head read there is sure.

The build appends a head after some layers (an *exit*) and one after the last layer, all
to one flat graph; `compose` turns it into nested `If` nodes:

    layers 1..k1, exit head k1 -> sure?  yes: its probabilities
                                         no:  layers k1+1..k2, exit head k2 -> sure? ...
                                                  ... no: the remaining layers, final head

"Sure" is: the head's top probability is >= the exit's threshold for every row of the
batch (the adapter runs one text at a time, so for one text). A node goes to the
shallowest stage that needs it, an initializer to the shallowest stage that reads it
(subgraphs read outer-scope tensors), so no layer runs twice and none runs unless needed.

Outputs: `probabilities` float32 [batch, labels]; `confidence` float32 [batch], how sure
the graph is of each row's top intent (an exit head's top probability, or what the final
stage says: its top probability, or the two-view confidence of the lexical branch,
lexical.py); and `layers_run` int64 [1], the number of transformer layers that ran.

Why: about half the messages are plain ("do you take aetna"); a head after 2 of the 6
layers is already sure of them and agrees with the final head, and the hard ones still
get all 6 layers (docs/model.md, "How it is built", step 7). The thresholds are chosen by
`choose_exit_thresholds` so that, on validation and calibration, accuracy stays within
ACCURACY_SLACK of the final head alone and unsafe automations, wrong auto-answers and
Tier-3 misses do not grow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from layers.classifier.build.encoder_graph import PROBABILITIES_OUTPUT

LAYERS_RUN_OUTPUT = "layers_run"
CONFIDENCE_OUTPUT = "confidence"


@dataclass(frozen=True)
class Exit:
    """A head read after `after_layer` layers, whose output tensor is `probabilities`;
    the graph stops there when its top probability is >= `threshold`."""

    after_layer: int
    probabilities: str
    threshold: float


def _ancestors(graph: onnx.GraphProto, tensor: str) -> set[int]:
    """Indices of the nodes that `tensor` depends on (itself produced by one of them)."""
    producer = {out: i for i, node in enumerate(graph.node) for out in node.output}
    seen: set[int] = set()
    todo = [tensor]
    while todo:
        i = producer.get(todo.pop())
        if i is None or i in seen:
            continue  # a graph input or an initializer, or done already
        seen.add(i)
        todo.extend(graph.node[i].input)
    return seen


def compose(
    model: onnx.ModelProto,
    exits: Sequence[Exit],
    final_probabilities: str,
    final_layers: int,
    *,
    final_confidence: str | None = None,
    metadata: dict[str, str] | None = None,
) -> onnx.ModelProto:
    """The flat `model` (every exit head and the final head as outputs) as nested Ifs.

    Exits in depth order; `final_probabilities` is the last head's output and
    `final_confidence` ([batch]) the final stage's confidence, by default its top
    probability."""
    if [e.after_layer for e in exits] != sorted({e.after_layer for e in exits}):
        raise ValueError("exits must be in increasing depth, one per layer")
    if any(not 0.0 < e.threshold <= 1.0 for e in exits):
        raise ValueError("exit thresholds must be in (0, 1]")
    graph = model.graph
    targets = [e.probabilities for e in exits] + [final_probabilities]
    stages: list[list[int]] = []
    assigned: set[int] = set()
    for s, t in enumerate(targets):
        nodes = _ancestors(graph, t)
        if not nodes:
            raise ValueError(f"no node produces {t!r}")
        if s == len(exits) and final_confidence is not None:
            confidence_nodes = _ancestors(graph, final_confidence)
            if not confidence_nodes:
                raise ValueError(f"no node produces {final_confidence!r}")
            nodes |= confidence_nodes
        stages.append(sorted(nodes - assigned))  # graph.node is in topological order
        assigned |= nodes

    initializers = {t.name: t for t in graph.initializer}
    home: dict[str, int] = {}
    for s, nodes in enumerate(stages):
        for i in nodes:
            for name in graph.node[i].input:
                if name in initializers:
                    home.setdefault(name, s)

    # Shapes the quantiser inferred: without them onnxruntime cannot fuse a residual Add and
    # its LayerNormalization (SkipLayerNormalization), and the unfused pair both runs slower
    # and rounds differently, which the int8 requantisation then magnifies.
    shapes = {v.name: v for v in graph.value_info}

    def value_info(nodes: Sequence[onnx.NodeProto]) -> list[onnx.ValueInfoProto]:
        return [shapes[o] for n in nodes for o in n.output if o in shapes]

    def stage_initializers(s: int) -> list[onnx.TensorProto]:
        return [initializers[n] for n, h in home.items() if h == s]

    n_labels = _width(graph, targets)
    names = _Names()

    def outputs(probs: str, conf: str, layers: str) -> list[onnx.ValueInfoProto]:
        return [
            helper.make_tensor_value_info(probs, TensorProto.FLOAT, ["batch", n_labels]),
            helper.make_tensor_value_info(conf, TensorProto.FLOAT, ["batch"]),
            helper.make_tensor_value_info(layers, TensorProto.INT64, [1]),
        ]

    def leaf(probs_in: str, conf_in: str | None, layers: int, tag: str) -> onnx.GraphProto:
        """A branch that publishes `probs_in`, `conf_in` (None: the top probability)
        and the layer count."""
        p, c = names(f"{tag}/probabilities"), names(f"{tag}/confidence")
        n = names(f"{tag}/layers_run")
        publish_conf = (
            helper.make_node("Identity", [conf_in], [c], name=c)
            if conf_in is not None
            else helper.make_node("ReduceMax", [probs_in], [c], name=c, axes=[1], keepdims=0)
        )
        return helper.make_graph(
            [
                helper.make_node("Identity", [probs_in], [p], name=p),
                publish_conf,
                helper.make_node(
                    "Constant",
                    [],
                    [n],
                    name=n,
                    value=numpy_helper.from_array(np.array([layers], dtype=np.int64)),
                ),
            ],
            tag,
            [],
            outputs(p, c, n),
        )

    def stage(s: int, probs_out: str, conf_out: str, layers_out: str) -> tuple[list, list]:
        """Nodes and initializers of stage s, ending in the If that leaves or goes on."""
        nodes = [graph.node[i] for i in stages[s]]
        inits = stage_initializers(s)
        e = exits[s]
        tag = f"exit{e.after_layer}"
        conf = names(f"{tag}/Confidence")
        least = names(f"{tag}/LeastConfidence")
        tau = names(f"{tag}.threshold")
        sure = names(f"{tag}/Sure")
        inits = [*inits, numpy_helper.from_array(np.array(e.threshold, dtype=np.float32), tau)]
        go_on_probs, go_on_conf, go_on_layers = (
            names(f"{tag}/next/probabilities"),
            names(f"{tag}/next/confidence"),
            names(f"{tag}/next/layers_run"),
        )
        if s + 1 < len(exits):
            inner_nodes, inner_inits = stage(s + 1, go_on_probs, go_on_conf, go_on_layers)
        else:
            inner_nodes = [graph.node[i] for i in stages[-1]]
            inner_inits = stage_initializers(len(stages) - 1)
            final = leaf(final_probabilities, final_confidence, final_layers, "final")
            inner_nodes = [*inner_nodes, *final.node]
            go_on_probs, go_on_conf, go_on_layers = (o.name for o in final.output)
        go_on = helper.make_graph(
            inner_nodes,
            f"{tag}/go_on",
            [],
            outputs(go_on_probs, go_on_conf, go_on_layers),
            initializer=inner_inits,
            value_info=value_info(inner_nodes),
        )
        nodes = [
            *nodes,
            helper.make_node(
                "ReduceMax", [e.probabilities], [conf], name=conf, axes=[1], keepdims=0
            ),
            helper.make_node("ReduceMin", [conf], [least], name=least, keepdims=0),
            helper.make_node("GreaterOrEqual", [least, tau], [sure], name=sure),
            helper.make_node(
                "If",
                [sure],
                [probs_out, conf_out, layers_out],
                name=f"{tag}/If",
                then_branch=leaf(e.probabilities, conf, e.after_layer, f"{tag}/stop"),
                else_branch=go_on,
            ),
        ]
        return nodes, inits

    if exits:
        nodes, inits = stage(0, PROBABILITIES_OUTPUT, CONFIDENCE_OUTPUT, LAYERS_RUN_OUTPUT)
    else:
        final = leaf(final_probabilities, final_confidence, final_layers, "final")
        nodes = [*(graph.node[i] for i in stages[0]), *final.node]
        for node, name in zip(
            nodes[-3:], (PROBABILITIES_OUTPUT, CONFIDENCE_OUTPUT, LAYERS_RUN_OUTPUT), strict=True
        ):
            node.output[0] = name
        inits = stage_initializers(0)
    out = helper.make_model(
        helper.make_graph(
            nodes,
            graph.name,
            list(graph.input),
            outputs(PROBABILITIES_OUTPUT, CONFIDENCE_OUTPUT, LAYERS_RUN_OUTPUT),
            initializer=inits,
            value_info=value_info(nodes),
        ),
        opset_imports=list(model.opset_import),
        producer_name=model.producer_name,
        producer_version=model.producer_version,
        doc_string=model.doc_string,
    )
    out.ir_version = model.ir_version
    for entry in model.metadata_props:
        out.metadata_props.add().CopyFrom(entry)
    for k, v in sorted((metadata or {}).items()):
        entry = out.metadata_props.add()
        entry.key, entry.value = k, v
    onnx.checker.check_model(out)
    return out


class _Names:
    """Unique tensor names for the nodes compose adds."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, name: str) -> str:
        assert name not in self._used, name
        self._used.add(name)
        return name


def _width(graph: onnx.GraphProto, outputs: list[str]) -> int:
    widths = set()
    for o in graph.output:
        if o.name in outputs:
            widths.add(o.type.tensor_type.shape.dim[-1].dim_value)
    if len(widths) != 1:
        raise ValueError(f"the heads must all be graph outputs of one width, got {widths}")
    return widths.pop()


def route(
    probabilities: Sequence[np.ndarray],
    thresholds: Sequence[float],
    final_confidence: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the composed graph gives, one text at a time, from each head's probabilities.

    probabilities: [rows, labels] arrays, one per exit in depth order and the final head
    last; final_confidence: the final stage's [rows] confidence (None: its top
    probability). Returns (the probabilities used, the confidence, the index of the head
    that gave them)."""
    out = np.array(probabilities[-1], copy=True)
    conf = np.array(
        out.max(axis=1) if final_confidence is None else final_confidence, dtype=out.dtype
    )
    used = np.full(len(out), len(thresholds), dtype=np.int64)
    open_ = np.ones(len(out), dtype=bool)
    for k, (p, tau) in enumerate(zip(probabilities[:-1], thresholds, strict=True)):
        stop = open_ & (p.max(axis=1) >= tau)
        out[stop] = p[stop]
        conf[stop] = p[stop].max(axis=1)
        used[stop] = k
        open_ &= ~stop
    return out, conf, used


THRESHOLD_GRID = (0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
ACCURACY_SLACK = 0.002


def choose_exit_thresholds(
    heads: dict[str, Sequence[np.ndarray]],
    judge: Callable[[dict[str, tuple[np.ndarray, np.ndarray]]], dict[str, dict]],
    n_exits: int,
    final_confidence: dict[str, np.ndarray] | None = None,
) -> tuple[tuple[float, ...] | None, list[dict]]:
    """The exit thresholds (one per exit) that stop the most texts early, under a rule.

    heads: per split, each head's probabilities (exits first, the final head last);
    final_confidence: per split, the final stage's confidence (None: top probability);
    judge({split: (probabilities, confidence)}) -> {split: {"accuracy", "unsafe_automations",
    "wrong_auto_answers", "tier3_misses"}}: the full decision path with those
    probabilities, the auto-answer floor chosen again for them as the build does.
    Allowed: on every split, accuracy at most ACCURACY_SLACK below the final head alone,
    and no more unsafe automations, wrong auto-answers or Tier-3 misses than it. Among
    those, the most texts stopped at the first exit, then at the second, ... (summed over
    splits). None when no setting is allowed."""
    import itertools

    final_confidence = final_confidence or {}
    base = judge(
        {
            split: route(probs[-1:], (), final_confidence.get(split))[:2]
            for split, probs in heads.items()
        }
    )
    table = []
    best, best_key = None, None
    for taus in itertools.product(THRESHOLD_GRID, repeat=n_exits):
        routed = {
            split: route(probs, taus, final_confidence.get(split))
            for split, probs in heads.items()
        }
        metrics = judge({split: (p, c) for split, (p, c, _) in routed.items()})
        row: dict = {"thresholds": list(taus), "allowed": True}
        key = [0.0] * n_exits
        for split, (_, _, used) in routed.items():
            m, b = metrics[split], base[split]
            row["allowed"] &= (
                m["accuracy"] >= b["accuracy"] - ACCURACY_SLACK
                and m["unsafe_automations"] <= b["unsafe_automations"]
                and m["wrong_auto_answers"] <= b["wrong_auto_answers"]
                and m["tier3_misses"] <= b["tier3_misses"]
            )
            shares = [float(np.mean(used <= k)) for k in range(n_exits)]
            row[split] = {**m, "stopped_by_exit": [round(x, 4) for x in shares]}
            key = [a + x for a, x in zip(key, shares, strict=True)]
        table.append(row)
        if row["allowed"] and (best_key is None or key > best_key):
            best, best_key = taus, key
    return best, [{"final_head_alone": base}, *table]
