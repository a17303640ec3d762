"""Classify: stage 2 (SQS batches of stored messages) and the synchronous POST /v1/classify.

Both read text only to classify it; what leaves is intent, confidence and labels.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.dynamodb import (
    DynamoConfigRepository,
    DynamoMessageRepository,
    DynamoTextVault,
    cached_config_repository,
)
from frontdesk.adapters.onnx_classifier import OnnxIntentClassifier
from frontdesk.adapters.send_buffer import BufferedStageQueue
from frontdesk.auditing import process_stage_batch, stage_auditor
from frontdesk.config import ClassifyApiSettings, ClassifySettings, load_settings
from frontdesk.domain.audit_events import classified
from frontdesk.domain.classification import Prediction
from frontdesk.domain.policy import decide_at_site
from frontdesk.domain.stages import record_classification
from frontdesk.domain.triage import TriagingClassifier
from frontdesk.errors import MissingMessage, NotFound
from frontdesk.http_api import (
    json_response,
    parse_json_body,
    register_problem_handlers,
    site_binding,
)
from frontdesk.models.api import ClassifyResult, ClassifyText
from frontdesk.models.messages import StageMessage, StageRecord
from frontdesk.observability import logger as make_logger

logger = make_logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=StageRecord)
api = APIGatewayRestResolver()
register_problem_handlers(api, logger)


@lru_cache(maxsize=1)
def _classifier(model_dir: str) -> TriagingClassifier:
    """One ONNX session per execution environment, created on first use."""
    return TriagingClassifier(OnnxIntentClassifier.from_dir(model_dir))


# ------------------------------------------------------------------ stage 2
@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = load_settings(ClassifySettings)
    classifier = _classifier(settings.model_dir)
    predictions, model_ms = _classify_batch(event.get("Records", []), classifier, settings)
    messages = DynamoMessageRepository(aws_client("dynamodb"), settings.messages_table)
    # Forwards and audit events leave together at the end, ten per SendMessageBatch.
    next_stage = BufferedStageQueue(aws_client("sqs"), settings.route_queue_url)
    auditor = stage_auditor("classify", settings, buffered=True)

    def classify_record(record: StageRecord) -> None:
        item = record.body
        prediction = predictions.get(item.message_id)
        if prediction is None:
            raise MissingMessage(item.message_id, "text")
        outcome = record_classification(
            item,
            prediction,
            auto_answer_floor=classifier.auto_answer_floor,
            messages=messages,
            next_stage=next_stage,
            model_ms=model_ms,
        )
        auditor.send(classified(outcome, auditor.actor, auditor.now()))
        logger.info(
            "classified",
            extra={
                "message_id": item.message_id,
                "intent": prediction.intent,
                "confidence": round(prediction.confidence, 3),
                "safety_rule": prediction.safety_rule,
                "resumed": outcome.resumed,
            },
        )
        metrics.add_metric(name="MessagesClassified", unit=MetricUnit.Count, value=1)

    return process_stage_batch(
        event,
        context,
        processor=processor,
        record_handler=classify_record,
        auditor=auditor,
        buffers=[next_stage],
    )


@tracer.capture_method(capture_response=False)
def _classify_batch(
    records: list[dict[str, Any]], classifier: TriagingClassifier, settings: ClassifySettings
) -> tuple[dict[str, Prediction], int]:
    """One text read and one model call for the whole batch; bad records fail later, alone.

    Also returns each message's share of the model call, in whole milliseconds (the ledger's
    model time)."""
    ids: list[str] = []
    for record in records:
        try:
            ids.append(StageMessage.model_validate_json(record["body"]).message_id)
        except (ValidationError, KeyError):
            continue
    texts = DynamoTextVault(aws_client("dynamodb"), settings.message_text_table).get_many(ids)
    found = [i for i in dict.fromkeys(ids) if i in texts]
    started = time.perf_counter()
    predictions = classifier.classify([texts[i] for i in found])
    elapsed_ms = (time.perf_counter() - started) * 1000
    share_ms = round(elapsed_ms / len(found)) if found else 0
    return dict(zip(found, predictions, strict=True)), share_ms


# -------------------------------------------------------- POST /v1/classify
def _config() -> DynamoConfigRepository:
    return cached_config_repository(load_settings(ClassifyApiSettings).config_table)


@api.post("/v1/classify")
def classify_text() -> Response:
    settings = load_settings(ClassifyApiSettings)
    request = parse_json_body(api.current_event, ClassifyText)
    binding = site_binding(api.current_event, _config())
    site = _config().site(binding.site_id)
    if site is None:
        raise NotFound("No such site for this API key.")
    classifier = _classifier(settings.model_dir)
    prediction = classifier.classify([request.text])[0]
    decision = decide_at_site(
        prediction,
        site,
        default_threshold=settings.default_confidence_threshold,
        model_floor=classifier.auto_answer_floor,
    )
    # A second intent of a higher tier may govern (rule 3): report its own confidence.
    confidence = prediction.confidence_of(decision.intent)
    metrics.add_metric(name="TextsClassified", unit=MetricUnit.Count, value=1)
    logger.info(
        "classified",
        extra={"intent": decision.intent, "action": decision.action, "reason": decision.reason},
    )
    return json_response(
        200,
        ClassifyResult(
            intent=decision.intent,
            confidence=confidence,
            tier=decision.tier,
            action=decision.action,
            alternatives=prediction.alternatives[:3],
            model_version=prediction.model_version,
        ),
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def api_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return api.resolve(event, context)
