"""Reading a SAM/CloudFormation template and working with its intrinsic functions."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from samtranslator.yaml_helper import intrinsics_multi_constructor

INTRINSIC_KEYS = ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::If", "Fn::Select",
                  "Fn::Split", "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAZs",
                  "Fn::Base64", "Fn::ToJsonString")
_SUB_VAR = re.compile(r"\$\{([^}!]+)\}")


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that understands !Ref, !GetAtt, !Sub ... without touching yaml.SafeLoader."""


_CfnLoader.add_multi_constructor("!", intrinsics_multi_constructor)


class Unresolved(ValueError):
    """An intrinsic function the local resolver cannot evaluate."""


def load_template(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506


def is_intrinsic(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and next(iter(node)) in INTRINSIC_KEYS


def referenced_ids(node: Any) -> set[str]:
    """Logical ids (and pseudo parameters) that a node refers to through Ref, GetAtt or Sub."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= referenced_ids(item)
    elif isinstance(node, dict):
        if "Ref" in node and isinstance(node["Ref"], str):
            found.add(node["Ref"])
        if "Fn::GetAtt" in node:
            target = node["Fn::GetAtt"]
            found.add(target[0] if isinstance(target, list) else str(target).split(".")[0])
        if "Fn::Sub" in node:
            sub = node["Fn::Sub"]
            text, variables = (sub, {}) if isinstance(sub, str) else (sub[0], sub[1])
            found |= {v.split(".")[0] for v in _SUB_VAR.findall(text) if v not in variables}
        for value in node.values():
            found |= referenced_ids(value)
    return found


def substitute(node: Any, values: dict[str, str]) -> Any:
    """Replace Ref X, GetAtt X.Attr and ${X} / ${X.Attr} in Sub by literals from `values`.

    Keys of `values` are "X" for Ref and "X.Attr" for GetAtt.
    """
    if isinstance(node, list):
        return [substitute(item, values) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"Ref"} and node["Ref"] in values:
        return values[node["Ref"]]
    if set(node) == {"Fn::GetAtt"}:
        target = node["Fn::GetAtt"]
        key = ".".join(target) if isinstance(target, list) else str(target)
        if key in values:
            return values[key]
    if set(node) == {"Fn::Sub"}:
        sub = node["Fn::Sub"]
        text, variables = (sub, {}) if isinstance(sub, str) else (sub[0], dict(sub[1]))
        text = _SUB_VAR.sub(
            lambda m: values[m.group(1)]
            if m.group(1) in values and m.group(1) not in variables
            else m.group(0),
            text,
        )
        variables = {k: substitute(v, values) for k, v in variables.items()}
        return {"Fn::Sub": [text, variables] if variables else text}
    return {key: substitute(value, values) for key, value in node.items()}


def resolve(node: Any, lookup: Callable[[str], str]) -> Any:
    """Evaluate Ref / GetAtt / Sub / Join with `lookup("X")` or `lookup("X.Attr")`."""
    if isinstance(node, list):
        return [resolve(item, lookup) for item in node]
    if not isinstance(node, dict):
        return node
    if not is_intrinsic(node):
        return {key: resolve(value, lookup) for key, value in node.items()}
    (fn, arg), = node.items()
    if fn == "Ref":
        return lookup(arg)
    if fn == "Fn::GetAtt":
        return lookup(".".join(arg) if isinstance(arg, list) else str(arg))
    if fn == "Fn::Sub":
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
        resolved = {k: str(resolve(v, lookup)) for k, v in variables.items()}
        return _SUB_VAR.sub(lambda m: resolved.get(m.group(1)) or str(lookup(m.group(1))), text)
    if fn == "Fn::Join":
        separator, items = arg
        return separator.join(str(x) for x in resolve(items, lookup))
    raise Unresolved(f"{fn} is not evaluated by the local adapter")
