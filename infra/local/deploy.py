"""Deploying template.yaml into moto: package, SAM transform, CloudFormation, and the rest by API.

The template is the only description used. What moto's CloudFormation cannot create is
created here through moto's service APIs from the same (transformed) template properties.
"""

from __future__ import annotations

import copy
import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import boto3
from moto.cloudformation.parsing import get_model_map
from samtranslator.internal.managed_policies import get_bundled_managed_policy_map
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.utils.py27hash_fix import (
    to_py27_compatible_template,
    undo_mark_unicode_str_in_template,
)

from infra.local.adapter_resources import CREATORS, ClientFactory
from infra.local.buckets import apply_bucket_settings
from infra.local.template import load_template, referenced_ids, resolve, substitute

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"  # moto's default account
_OUTPUT_PREFIX = "LocalAdapterValue"
# Properties the adapter reads itself instead of resolving (the OpenAPI body points at
# functions that only exist after the stack; the HTTP adapter serves it from the template).
_LOCAL_ONLY_PROPS = {"AWS::ApiGateway::RestApi": {"Body"}}
_SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".mypy_cache"}


class DeployError(RuntimeError):
    """The template could not be deployed into the emulator."""


@dataclass(frozen=True)
class Decision:
    logical_id: str
    type: str
    reason: str


@dataclass
class Deployment:
    stack_name: str
    base_dir: Path
    sam_template: dict[str, Any]
    template: dict[str, Any]  # after the SAM transform
    parameters: dict[str, str]
    physical_ids: dict[str, str]
    code_dirs: dict[str, Path]  # S3 key -> local source dir, for functions and layers
    by_cloudformation: list[Decision] = field(default_factory=list)
    by_adapter: list[Decision] = field(default_factory=list)
    not_emulated: list[Decision] = field(default_factory=list)

    def resources_of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {lid: r for lid, r in self.template["Resources"].items()
                if r["Type"] == resource_type}


class _BundledPolicies:
    """Managed-policy loader for samtranslator that needs no IAM call."""

    def load(self) -> dict[str, str]:
        return get_bundled_managed_policy_map("aws") or {}


def deploy(template_path: Path, clients: ClientFactory, stack_name: str,
           parameter_overrides: dict[str, str] | None = None) -> Deployment:
    sam = load_template(template_path)
    base_dir = template_path.parent.resolve()
    parameters = _parameters(sam, parameter_overrides or {})
    bucket = f"{stack_name.lower()}-artifacts"
    code_dirs = _upload_artifacts(sam_copy := copy.deepcopy(sam), base_dir, clients, bucket)
    cfn = _transform(sam_copy, parameters)
    deployment = Deployment(stack_name, base_dir, sam, cfn, parameters, {}, code_dirs)
    _create(deployment, clients)
    # moto's AWS::S3::Bucket ignores versioning, Object Lock and public access blocks.
    for logical_id in apply_bucket_settings(deployment.template, deployment.physical_ids,
                                            clients):
        deployment.by_adapter.append(Decision(
            logical_id, "AWS::S3::Bucket", "created by CloudFormation (moto); its versioning, "
            "ObjectLockConfiguration and public access block applied through the S3 API"))
    return deployment


def _transform(sam: dict[str, Any], parameters: dict[str, str]) -> dict[str, Any]:
    """samtranslator's transform(), with an explicit region instead of the ambient one."""
    values: dict[str, Any] = dict(parameters)
    to_py27_compatible_template(sam, values)
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name=REGION))
    policies = _BundledPolicies().load()
    translated = translator.translate(sam, parameter_values=values,
                                      get_managed_policy_map=lambda: policies)
    return undo_mark_unicode_str_in_template(translated)


def _parameters(sam: dict[str, Any], overrides: dict[str, str]) -> dict[str, str]:
    declared = sam.get("Parameters", {})
    unknown = set(overrides) - set(declared)
    if unknown:
        raise DeployError(f"parameter overrides not declared in the template: {sorted(unknown)}")
    values = {name: str(p["Default"]) for name, p in declared.items() if "Default" in p}
    values.update({k: str(v) for k, v in overrides.items()})
    missing = set(declared) - set(values)
    if missing:
        raise DeployError(f"parameters without a Default need an override: {sorted(missing)}")
    return values


def _zip_dir(source: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file() and not _SKIPPED_DIRS & set(path.relative_to(source).parts):
                archive.write(path, path.relative_to(source))
    return buffer.getvalue()


def _upload_artifacts(sam: dict[str, Any], base_dir: Path, clients: ClientFactory,
                      bucket: str) -> dict[str, Path]:
    """Zip every local CodeUri/ContentUri into the artifact bucket and point the template at it."""
    s3 = clients("s3")
    s3.create_bucket(Bucket=bucket)
    code_dirs: dict[str, Path] = {}
    uri_property = {"AWS::Serverless::Function": "CodeUri",
                    "AWS::Serverless::LayerVersion": "ContentUri"}
    for logical_id, resource in sam.get("Resources", {}).items():
        prop = uri_property.get(resource.get("Type", ""))
        uri = resource.get("Properties", {}).get(prop) if prop else None
        if not isinstance(uri, str) or uri.startswith("s3://"):
            continue
        source = (base_dir / uri).resolve()
        if not source.is_dir():
            raise DeployError(f"{logical_id}.{prop} {uri!r} is not a directory under {base_dir}")
        key = f"{logical_id}.zip"
        s3.put_object(Bucket=bucket, Key=key, Body=_zip_dir(source))
        resource["Properties"][prop] = f"s3://{bucket}/{key}"
        code_dirs[key] = source
    return code_dirs


def _create(deployment: Deployment, clients: ClientFactory) -> None:
    resources: dict[str, dict[str, Any]] = deployment.template["Resources"]
    adapter_ids, dropped = _plan(deployment)
    for logical_id in dropped:
        del resources[logical_id]
    adapter = {lid: resources.pop(lid) for lid in adapter_ids}
    stack_ids = set(resources)
    refs = {lid: referenced_ids(_resolvable(r)) | _depends_on(r) for lid, r in adapter.items()}
    deps = {lid: r & set(adapter) for lid, r in refs.items()}
    order = list(TopologicalSorter(deps).static_order())
    touches_stack = {lid for lid in adapter if refs[lid] & stack_ids}
    # Anything depending on a resource created after the stack must wait for the stack too.
    for lid in order:
        if deps[lid] & touches_stack:
            touches_stack.add(lid)
    before = [lid for lid in order if lid not in touches_stack]
    after = [lid for lid in order if lid in touches_stack]

    values: dict[str, str] = {}
    for lid in before:
        _create_by_api(deployment, clients, lid, adapter[lid], values, evaluated={})
    _check_no_forward_refs(resources, set(after), set(dropped))
    template = _stack_template(deployment.template, values, set(adapter) | set(dropped))
    hidden_outputs = _hidden_outputs(adapter, after, values, stack_ids)
    template.setdefault("Outputs", {}).update(
        {name: {"Value": node} for name, node in hidden_outputs.items()})
    outputs = _create_stack(deployment.stack_name, template, deployment.parameters, clients)
    deployment.physical_ids.update(_stack_physical_ids(deployment.stack_name, clients))
    deployment.physical_ids.update({k: v for k, v in values.items() if "." not in k})
    evaluated = {json.dumps(node, sort_keys=True): outputs[name]
                 for name, node in hidden_outputs.items()}
    for lid in after:
        _create_by_api(deployment, clients, lid, adapter[lid], values, evaluated)
        deployment.physical_ids[lid] = values[lid]
    deployment.by_cloudformation = [Decision(lid, r["Type"], "CloudFormation (moto)")
                                    for lid, r in resources.items()]
    resources.update(adapter)  # keep the full picture: routes are read from the Api's Body


def _plan(deployment: Deployment) -> tuple[list[str], list[str]]:
    """Split resources: created by CloudFormation, by the adapter through APIs, or dropped."""
    resources = deployment.template["Resources"]
    supported = get_model_map()
    api_ids = {lid for lid, r in resources.items() if r["Type"].startswith("AWS::ApiGateway::")}
    adapter_ids: list[str] = []
    dropped: list[str] = []
    for lid, resource in resources.items():
        rtype = resource["Type"]
        if lid in api_ids and rtype in CREATORS:
            adapter_ids.append(lid)
            deployment.by_adapter.append(Decision(
                lid, rtype, "moto's CloudFormation cannot create SAM's REST API; the local "
                "HTTP adapter serves it and keys/usage plans live in moto's apigateway"))
        elif lid in api_ids:
            dropped.append(lid)
            deployment.not_emulated.append(
                Decision(lid, rtype, "API Gateway detail with no local meaning"))
        elif rtype == "AWS::Lambda::Permission" and referenced_ids(resource) & api_ids:
            dropped.append(lid)
            deployment.not_emulated.append(Decision(
                lid, rtype, "API Gateway's invoke permission; the HTTP adapter calls the worker"))
        elif rtype in supported:
            continue
        elif rtype in CREATORS:
            adapter_ids.append(lid)
            deployment.by_adapter.append(Decision(
                lid, rtype, "moto's CloudFormation skips this type; created through its API"))
        else:
            dropped.append(lid)
            deployment.not_emulated.append(Decision(
                lid, rtype, "neither moto's CloudFormation nor the adapter supports this type"))
    return adapter_ids, dropped


def _resolvable(resource: dict[str, Any]) -> dict[str, Any]:
    skip = _LOCAL_ONLY_PROPS.get(resource["Type"], set())
    return {k: v for k, v in resource.get("Properties", {}).items() if k not in skip}


def _depends_on(resource: dict[str, Any]) -> set[str]:
    depends = resource.get("DependsOn", [])
    return {depends} if isinstance(depends, str) else set(depends)


def _check_no_forward_refs(resources: dict[str, Any], after: set[str], dropped: set[str]) -> None:
    for lid, resource in resources.items():
        bad = referenced_ids(resource.get("Properties", {})) & (after | dropped)
        if bad:
            raise DeployError(
                f"{lid} refers to {sorted(bad)}, which moto's CloudFormation cannot create and "
                "which can only be created after the stack")


def _stack_template(template: dict[str, Any], values: dict[str, str],
                    removed: set[str]) -> dict[str, Any]:
    stack_template = copy.deepcopy(template)
    resources = stack_template["Resources"]
    for resource in resources.values():
        if "DependsOn" in resource:
            kept = sorted(_depends_on(resource) - removed)
            if kept:
                resource["DependsOn"] = kept
            else:
                del resource["DependsOn"]
    stack_template["Resources"] = substitute(resources, values)
    outputs = substitute(stack_template.get("Outputs", {}), values)
    stack_template["Outputs"] = {name: o for name, o in outputs.items()
                                 if not referenced_ids(o) & removed}
    return stack_template


def _hidden_outputs(adapter: dict[str, Any], after: list[str], values: dict[str, str],
                    stack_ids: set[str]) -> dict[str, Any]:
    """Let moto's CloudFormation evaluate every intrinsic that points into the stack."""
    outputs: dict[str, Any] = {}

    def collect(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            refs = referenced_ids(node)
            if len(node) == 1 and next(iter(node)).startswith(("Ref", "Fn::")) and \
                    refs and refs <= stack_ids | {r for r in refs if r.startswith("AWS::")}:
                outputs[f"{_OUTPUT_PREFIX}{len(outputs)}"] = node
                return
            for value in node.values():
                collect(value)

    for lid in after:
        collect(substitute(_resolvable(adapter[lid]), values))
    return outputs


def _create_by_api(deployment: Deployment, clients: ClientFactory, logical_id: str,
                   resource: dict[str, Any], values: dict[str, str],
                   evaluated: dict[str, str]) -> None:
    def lookup(name: str) -> str:
        if name in values:
            return values[name]
        if name in deployment.physical_ids:
            return deployment.physical_ids[name]
        if name in deployment.parameters:
            return deployment.parameters[name]
        pseudo = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT_ID,
                  "AWS::StackName": deployment.stack_name, "AWS::Partition": "aws",
                  "AWS::URLSuffix": "amazonaws.com"}
        if name in pseudo:
            return pseudo[name]
        raise DeployError(f"{logical_id}: cannot resolve {name}")

    props = substitute(_resolvable(resource), values)
    props = _replace_evaluated(props, evaluated)
    props = resolve(props, lookup)
    props.update({k: v for k, v in resource.get("Properties", {}).items() if k not in props})
    created = CREATORS[resource["Type"]](clients, logical_id, props, deployment.stack_name)
    values[logical_id] = created.physical_id
    values.update({f"{logical_id}.{attr}": v for attr, v in created.attributes.items()})


def _replace_evaluated(node: Any, by_node: dict[str, str]) -> Any:
    key = json.dumps(node, sort_keys=True)
    if key in by_node:
        return by_node[key]
    if isinstance(node, list):
        return [_replace_evaluated(item, by_node) for item in node]
    if isinstance(node, dict):
        return {k: _replace_evaluated(v, by_node) for k, v in node.items()}
    return node


def _create_stack(stack_name: str, template: dict[str, Any], parameters: dict[str, str],
                  clients: ClientFactory) -> dict[str, str]:
    cloudformation = clients("cloudformation")
    declared = template.get("Parameters", {})
    cloudformation.create_stack(
        StackName=stack_name,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()
                    if k in declared],
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    deadline = time.monotonic() + 120
    while True:
        stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
        status = stack["StackStatus"]
        if not status.endswith("_IN_PROGRESS"):
            break
        if time.monotonic() > deadline:
            raise DeployError(f"stack {stack_name} still {status} after 120 s")
        time.sleep(0.1)
    if status != "CREATE_COMPLETE":
        raise DeployError(f"stack {stack_name}: {status} {stack.get('StackStatusReason', '')}")
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def _stack_physical_ids(stack_name: str, clients: ClientFactory) -> dict[str, str]:
    paginator = clients("cloudformation").get_paginator("list_stack_resources")
    return {r["LogicalResourceId"]: r.get("PhysicalResourceId", "")
            for page in paginator.paginate(StackName=stack_name)
            for r in page["StackResourceSummaries"]}
