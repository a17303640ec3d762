from datetime import UTC, datetime

import boto3
import pytest

from frontdesk.adapters.dynamodb import (
    DynamoConfigRepository,
    DynamoMessageRepository,
    DynamoTextVault,
)
from frontdesk.adapters.sqs import SqsStageQueue
from frontdesk.domain.classification import Alternative
from frontdesk.domain.intents import Intent
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.errors import AlreadyStored, TransitionRejected
from frontdesk.models.config import ApiKeyBinding
from frontdesk.models.messages import MessageRecord, StageMessage, StoredText
from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ID = "01JDAAAAAAAAAAAAAAAAAAAAAA"


def _record(message_id=ID):
    return MessageRecord(
        message_id=message_id,
        org_id="riverside",
        site_id="riverside-main",
        channel="web",
        status=MessageStatus.RECEIVED,
        received_at=NOW,
        updated_at=NOW,
        text_length=5,
    )


@pytest.fixture
def messages(dynamodb, make_table):
    return DynamoMessageRepository(dynamodb, make_table("MessagesTable"))


def test_record_round_trips_with_floats_and_nested_models(messages):
    messages.create(_record())
    updated = messages.advance(
        ID,
        MessageStatus.CLASSIFIED,
        {
            "intent": Intent.LAB_RESULTS,
            "confidence": 0.8731,
            "alternatives": (Alternative(intent=Intent.LAB_RESULTS, confidence=0.8731),),
            "updated_at": NOW,
        },
    )
    assert updated.status is MessageStatus.CLASSIFIED and updated.confidence == 0.8731
    assert messages.get(ID) == updated


def test_a_message_never_moves_backwards_or_skips(messages):
    messages.create(_record())
    with pytest.raises(TransitionRejected):
        messages.advance(ID, MessageStatus.DECIDED, {})  # skipping classified
    messages.advance(ID, MessageStatus.CLASSIFIED, {})
    with pytest.raises(TransitionRejected):
        messages.advance(ID, MessageStatus.CLASSIFIED, {})  # twice
    assert messages.get(ID).status is MessageStatus.CLASSIFIED


def test_create_refuses_to_overwrite(messages):
    messages.create(_record())
    with pytest.raises(AlreadyStored):
        messages.create(_record().model_copy(update={"text_length": 99}))
    assert messages.get(ID).text_length == 5


def test_text_vault_reads_more_than_one_batch(dynamodb, make_table):
    vault = DynamoTextVault(dynamodb, make_table("MessageTextTable"))
    ids = [f"01JD{i:022d}" for i in range(130)]
    for i in ids:
        vault.put(StoredText(message_id=i, text=f"text {i}", expires_at=1_900_000_000))
    found = vault.get_many([*ids, "01JD" + "9" * 22])
    assert len(found) == 130 and found[ids[129]] == f"text {ids[129]}"


def test_text_vault_stores_the_ttl_attribute_the_template_names(dynamodb, make_table):
    from tests.integration.conftest import template_resources

    ttl_attribute = template_resources()["MessageTextTable"]["Properties"][
        "TimeToLiveSpecification"
    ]["AttributeName"]
    vault = DynamoTextVault(dynamodb, make_table("MessageTextTable"))
    vault.put(StoredText(message_id=ID, text="x", expires_at=1_900_000_000))
    item = dynamodb.get_item(TableName="MessageTextTable", Key={"message_id": {"S": ID}})["Item"]
    assert item[ttl_attribute] == {"N": "1900000000"}


def test_config_round_trip_and_cache(dynamodb, make_table):
    table = make_table("ConfigTable")
    writer = DynamoConfigRepository(dynamodb, table)
    reader = DynamoConfigRepository(dynamodb, table, cache_seconds=60)
    site = DEMO_SITES[0]
    writer.put_site(site)
    writer.put_organization(DEMO_ORGANIZATION)
    writer.put_api_key_binding(
        ApiKeyBinding(api_key_id="abc", site_id=site.site_id, org_id="riverside")
    )
    assert reader.site(site.site_id) == site
    assert reader.organization("riverside") == DEMO_ORGANIZATION
    assert reader.api_key_binding("abc").site_id == site.site_id
    assert reader.site("nowhere") is None
    writer.put_site(site.model_copy(update={"phone": "(555) 999-0000"}))
    assert reader.site(site.site_id).phone == site.phone  # cached
    assert DynamoConfigRepository(dynamodb, table).site(site.site_id).phone == "(555) 999-0000"


def test_stage_queue_sends_ids_only(aws):
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    SqsStageQueue(sqs, url).send(StageMessage(message_id=ID, site_id="s1", org_id="o1"))
    (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
    assert StageMessage.model_validate_json(message["Body"]).message_id == ID
