"""LocalStack: template.yaml deployed into moto, functions in worker processes, API and pollers."""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

import boto3
from botocore.client import BaseClient
from botocore.config import Config

from infra.local.api_gateway import (
    ApiDefinition,
    ApiGateway,
    ApiKeys,
    HttpApi,
    Mount,
    Route,
    read_api,
)
from infra.local.cognito import CognitoAuthorizer, CognitoPool
from infra.local.deploy import ACCOUNT_ID, REGION, Decision, Deployment, deploy
from infra.local.faults import DeliveryFaults, FaultConfig, worker_fault_counts
from infra.local.metering import PollerMeter
from infra.local.moto_process import MotoServerProcess
from infra.local.pollers import InFlight, SqsEventSource, SqsPoller
from infra.local.workers import FunctionSpec, Invocation, Worker, map_opt_path

FAKE_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


class LocalStack:
    """The same template.yaml, running on this machine. Use as a context manager."""

    def __init__(self, template_path: str | Path, *, port: int = 0,
                 state_dir: str | Path = ".local",
                 parameter_overrides: dict[str, str] | None = None,
                 fast_retry: bool = True, faults: FaultConfig | None = None,
                 metering_dir: str | Path | None = None) -> None:
        self.template_path = Path(template_path).resolve()
        self.state_dir = Path(state_dir).resolve()
        self.log_dir = self.state_dir / "logs"
        self.port = port
        self.parameter_overrides = dict(parameter_overrides or {})
        self.fast_retry = fast_retry
        # infra.local.metering: AWS calls and durations per invocation, and the pollers' calls
        self.metering_dir = Path(metering_dir).resolve() if metering_dir else None
        self.poller_meter = PollerMeter() if metering_dir else None
        self.faults = faults if faults is not None and faults.active else None
        self._delivery_faults: dict[str, DeliveryFaults] = {}
        self.stack_name = f"local-{uuid.uuid4().hex[:8]}"
        self.startup_seconds = 0.0
        self._moto: MotoServerProcess | None = None
        self._endpoint = ""
        self._deployment: Deployment | None = None
        self._workers: dict[str, Worker] = {}
        self._pollers: list[SqsPoller] = []
        self._http: HttpApi | None = None
        self._api: ApiDefinition | None = None
        self._keys: ApiKeys | None = None
        self._in_flight = InFlight()
        self._started = False

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> LocalStack:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        began = time.monotonic()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for old in self.log_dir.glob("*.log"):
            old.unlink()
        self._moto = MotoServerProcess()
        self._started = True
        try:
            self._endpoint = self._moto.start()
            self._deployment = deploy(self.template_path, self.client, self.stack_name,
                                      self.parameter_overrides)
            self._start_workers()
            self._start_api()
            self._start_pollers()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        for poller in self._pollers:
            poller.stop()
        if self._http is not None:
            self._http.stop()
        for worker in self._workers.values():
            worker.stop()
        if self._moto is not None:
            self._moto.stop()

    # -- public API ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._http is None:
            raise RuntimeError("the template defines no REST API, or the stack is not started")
        return self._http.base_url

    @property
    def endpoint_url(self) -> str:
        return self._endpoint

    def mount(self, handler: Mount) -> None:
        """issue 9: let `handler` answer requests on the API's port before the API does."""
        if self._http is None:
            raise RuntimeError("the template defines no REST API, or the stack is not started")
        self._http.mount(handler)

    def physical_id(self, logical_id: str) -> str:
        return self._require_deployment().physical_ids[logical_id]

    def client(self, service_name: str) -> BaseClient:
        return boto3.client(service_name, endpoint_url=self._endpoint, region_name=REGION,
                            config=Config(retries={"max_attempts": 2}), **FAKE_CREDENTIALS)

    def create_api_key(self, name: str) -> tuple[str, str]:
        """A new enabled API key, attached to the usage plan(s) the template gives the API."""
        if self._api is None or self._keys is None:
            raise RuntimeError("the template defines no REST API")
        apigateway = self.client("apigateway")
        key = apigateway.create_api_key(name=name, enabled=True, stageKeys=[
            {"restApiId": self._api.rest_api_id, "stageName": self._api.stage}])
        for plan_id in self._api.usage_plan_ids:
            apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key["id"],
                                             keyType="API_KEY")
        self._keys.invalidate()
        return key["id"], key["value"]

    @property
    def routes(self) -> list[Route]:
        return list(self._api.routes) if self._api else []

    @property
    def event_sources(self) -> list[SqsEventSource]:
        return [p.source for p in self._pollers]

    @property
    def resources_created_by_adapter(self) -> list[Decision]:
        return list(self._require_deployment().by_adapter)

    @property
    def deployment(self) -> Deployment:
        return self._require_deployment()

    @property
    def workers(self) -> dict[str, Worker]:
        return dict(self._workers)

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Invocation:
        """Invoke a function directly (like `aws lambda invoke`)."""
        with self._in_flight:
            return self._workers[logical_id].invoke(event)

    def drain(self, timeout_s: float = 30.0) -> bool:
        """Wait until every source queue is empty and nothing is being invoked."""
        deadline = time.monotonic() + timeout_s
        sqs = self.client("sqs")
        quiet_checks = 0
        while time.monotonic() < deadline:
            busy = self._in_flight.count > 0 or any(
                self._queue_depth(sqs, source.queue_url) for source in self.event_sources)
            quiet_checks = 0 if busy else quiet_checks + 1
            if quiet_checks >= 2:
                return True
            time.sleep(0.1)
        return False

    def fault_counts(self) -> dict[str, int]:
        """What the fault injection did so far (zero counts when faults are off)."""
        counts = worker_fault_counts(self.log_lines())
        for delivery in self._delivery_faults.values():
            counts.update(delivery.counts)
        return dict(sorted(counts.items()))

    def log_lines(self, logical_id: str | None = None) -> list[str]:
        pattern = f"{logical_id}.log" if logical_id else "*.log"
        lines: list[str] = []
        for path in sorted(self.log_dir.glob(pattern)):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
        return lines

    def summary(self) -> str:
        deployment = self._require_deployment()
        lines = [f"stack {self.stack_name} from {self.template_path}"]
        lines.append(f"  created by CloudFormation (moto): {len(deployment.by_cloudformation)}")
        for d in deployment.by_cloudformation:
            lines.append(f"    {d.logical_id} ({d.type})")
        lines.append(f"  created by the local adapter: {len(deployment.by_adapter)}")
        for d in deployment.by_adapter:
            lines.append(f"    {d.logical_id} ({d.type}): {d.reason}")
        if deployment.not_emulated:
            lines.append(f"  not emulated: {len(deployment.not_emulated)}")
            for d in deployment.not_emulated:
                lines.append(f"    {d.logical_id} ({d.type}): {d.reason}")
        return "\n".join(lines)

    # -- start-up steps --------------------------------------------------------------------

    def _require_deployment(self) -> Deployment:
        if self._deployment is None:
            raise RuntimeError("the stack is not started")
        return self._deployment

    def _start_workers(self) -> None:
        deployment = self._require_deployment()
        lam = self.client("lambda")
        base_sys_path = _runtime_sys_path(deployment.base_dir)
        for logical_id, resource in deployment.resources_of_type("AWS::Lambda::Function").items():
            spec = self._function_spec(lam, logical_id, resource)
            if spec is not None:
                self._workers[logical_id] = Worker(spec, base_sys_path)
        for worker in self._workers.values():
            worker.start()

    def _function_spec(self, lam: Any, logical_id: str,
                       resource: dict[str, Any]) -> FunctionSpec | None:
        deployment = self._require_deployment()
        props = resource["Properties"]
        code_dir = deployment.code_dirs.get(props.get("Code", {}).get("S3Key", ""))
        if code_dir is None:
            print(f"[local] {logical_id}: no local code (inline or prebuilt); not started",
                  file=sys.stderr)
            return None
        config = lam.get_function_configuration(FunctionName=deployment.physical_ids[logical_id])
        environment = {k: map_opt_path(_env_string(v), deployment.base_dir)
                       for k, v in config.get("Environment", {}).get("Variables", {}).items()}
        environment.update({
            "AWS_ENDPOINT_URL": self._endpoint,
            "AWS_ACCESS_KEY_ID": FAKE_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": FAKE_CREDENTIALS["aws_secret_access_key"],
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_LAMBDA_FUNCTION_NAME": config["FunctionName"],
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config["MemorySize"]),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{config['FunctionName']}",
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{config.get('Runtime', 'python3.13')}",
            "LAMBDA_TASK_ROOT": str(code_dir),
            "_HANDLER": config["Handler"],
            "TZ": ":UTC",
            "POWERTOOLS_TRACE_DISABLED": "true",  # no X-Ray daemon locally
        })
        return FunctionSpec(
            logical_id=logical_id,
            function_name=config["FunctionName"],
            function_arn=config["FunctionArn"],
            handler=config["Handler"],
            timeout_s=int(config["Timeout"]),
            memory_mb=int(config["MemorySize"]),
            code_dir=code_dir,
            layer_dirs=self._layer_dirs(logical_id, props.get("Layers", [])),
            environment=environment,
            log_path=self.log_dir / f"{logical_id}.log",
            faults=self.faults.to_dict() if self.faults else None,
            metering_dir=str(self.metering_dir) if self.metering_dir else None,
        )

    def _layer_dirs(self, logical_id: str, layers: list[Any]) -> tuple[Path, ...]:
        deployment = self._require_deployment()
        dirs: list[Path] = []
        for layer in layers:
            layer_id = layer.get("Ref") if isinstance(layer, dict) else None
            resource = deployment.template["Resources"].get(layer_id or "", {})
            source = deployment.code_dirs.get(
                resource.get("Properties", {}).get("Content", {}).get("S3Key", ""))
            if source is None:
                print(f"[local] {logical_id}: layer {layer!r} has no local source; skipped",
                      file=sys.stderr)
                continue
            # A prebuilt layer keeps its packages under python/, as Lambda's /opt/python.
            dirs.append(source / "python" if (source / "python").is_dir() else source)
        return tuple(dirs)

    def _start_api(self) -> None:
        deployment = self._require_deployment()
        rest_apis = deployment.resources_of_type("AWS::ApiGateway::RestApi")
        if not rest_apis:
            return
        if len(rest_apis) > 1:
            print(f"[local] several REST APIs {sorted(rest_apis)}; serving only the first",
                  file=sys.stderr)
        logical_id, rest_api = next(iter(rest_apis.items()))
        rest_api_id = deployment.physical_ids[logical_id]
        stage = next((deployment.physical_ids[lid]
                      for lid, r in deployment.resources_of_type("AWS::ApiGateway::Stage").items()
                      if r["Properties"].get("RestApiId") == {"Ref": logical_id}), "Prod")
        variables = self.client("apigateway").get_stage(
            restApiId=rest_api_id, stageName=stage).get("variables")
        self._api = read_api(logical_id, rest_api, rest_api_id, stage, variables)
        self._api.usage_plan_ids = [
            deployment.physical_ids[lid]
            for lid, r in deployment.resources_of_type("AWS::ApiGateway::UsagePlan").items()
            if any(s.get("ApiId") == {"Ref": logical_id}
                   for s in r["Properties"].get("ApiStages", []))]
        self._keys = ApiKeys(self.client("apigateway"), rest_api_id, stage)
        gateway = ApiGateway(self._api, self._keys, self.invoke, ACCOUNT_ID,
                             self._cognito_authorizers(self._api))
        self._http = HttpApi(gateway, self.port)
        self._http.start()

    def _cognito_authorizers(self, api: ApiDefinition) -> dict[str, CognitoAuthorizer]:
        """The user pools each Cognito authorizer names, checked against moto's JWKS."""
        deployment = self._require_deployment()
        authorizers = {}
        for name, provider_arns in api.cognito_authorizers.items():
            pools = []
            for arn in provider_arns:
                if isinstance(arn, dict) and "Fn::GetAtt" in arn:
                    target = arn["Fn::GetAtt"]
                    pool_id = deployment.physical_ids[
                        target[0] if isinstance(target, list) else str(target).split(".")[0]]
                else:
                    pool_id = str(arn).rsplit("/", 1)[-1]
                pools.append(CognitoPool(pool_id, REGION,
                                         f"{self._endpoint}/{pool_id}/.well-known/jwks.json"))
            authorizers[name] = CognitoAuthorizer(name, pools)
        return authorizers

    def _start_pollers(self) -> None:
        lam, sqs = self.client("lambda"), self.client("sqs")
        by_arn = {w.spec.function_arn: lid for lid, w in self._workers.items()}
        for mapping in lam.list_event_source_mappings()["EventSourceMappings"]:
            arn = mapping["EventSourceArn"]
            function = by_arn.get(mapping["FunctionArn"])
            if ":sqs:" not in arn or function is None:
                continue
            # moto would deliver to the function itself (needs docker); our poller does it.
            lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
            if mapping.get("State") == "Disabled":
                continue
            source = SqsEventSource(
                uuid=mapping["UUID"],
                function=function,
                queue_arn=arn,
                queue_url=sqs.get_queue_url(QueueName=arn.split(":")[-1])["QueueUrl"],
                batch_size=int(mapping.get("BatchSize", 10)),
                batching_window_s=int(mapping.get("MaximumBatchingWindowInSeconds", 0)),
                report_batch_item_failures="ReportBatchItemFailures" in mapping.get(
                    "FunctionResponseTypes", []),
            )
            faults = None
            if self.faults is not None and self.faults.applies_to(function):
                faults = self._delivery_faults.setdefault(
                    source.uuid, DeliveryFaults(self.faults, f"{function}:{source.uuid}"))
            poller_sqs = self.client("sqs")
            if self.poller_meter is not None:
                self.poller_meter.attach(poller_sqs)
            self._pollers.append(SqsPoller(source, poller_sqs,
                                           self._workers[function].invoke, self._in_flight,
                                           REGION, self.fast_retry, faults))
        for poller in self._pollers:
            poller.start()

    @staticmethod
    def _queue_depth(sqs: Any, queue_url: str) -> int:
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed"])["Attributes"]
        return sum(int(v) for v in attributes.values())


def _env_string(value: Any) -> str:
    """Lambda's environment is strings; moto hands YAML numbers and booleans back as such."""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _runtime_sys_path(project_root: Path) -> list[str]:
    """The interpreter's paths minus the project tree: a function sees its code and layers only."""
    keep = []
    for entry in sys.path:
        path = Path(entry or ".").resolve()
        inside_project = path == project_root or project_root in path.parents
        if not inside_project or ".venv" in path.parts:
            keep.append(str(path))
    return keep
