"""The finance section of template.yaml: what a linter cannot see."""

import json
from pathlib import Path

from samtranslator.yaml_helper import yaml_parse

TEMPLATE = yaml_parse((Path(__file__).resolve().parents[2] / "template.yaml").read_text())
RESOURCES = TEMPLATE["Resources"]


def test_the_ledger_is_encrypted_recoverable_and_protected():
    props = RESOURCES["LedgerTable"]["Properties"]
    assert props["SSESpecification"]["KMSMasterKeyId"] == {"Ref": "DataKey"}
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert RESOURCES["LedgerTable"]["DeletionPolicy"] == "Retain"


def test_the_budget_alarm_notifies_the_encrypted_alarm_topic():
    alarm = RESOURCES["BudgetThresholdAlarm"]["Properties"]
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert alarm["MetricName"] == "OrganizationsOverBudgetThreshold"
    assert {"Name": "service", "Value": "finance-budget"} in alarm["Dimensions"]
    assert RESOURCES["AlarmTopic"]["Properties"]["KmsMasterKeyId"]
    budget = RESOURCES["FinanceBudgetFunction"]["Properties"]
    assert budget["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"] == "finance-budget"
    assert budget["Events"]["Hourly"]["Type"] == "Schedule"


def test_finance_functions_cannot_touch_messages_or_their_text():
    for name in ("FinanceApiFunction", "FinanceBudgetFunction"):
        policies = json.dumps(RESOURCES[name]["Properties"]["Policies"])
        assert "MessageTextTable" not in policies and "MessagesTable" not in policies
        assert "LedgerTable" in policies and "Crud" not in policies and "Write" not in policies


def test_respond_accrues_into_the_ledger():
    respond = RESOURCES["RespondFunction"]["Properties"]
    env = respond["Environment"]["Variables"]
    assert env["LEDGER_TABLE"] == {"Ref": "LedgerTable"}
    assert env["AWS_COST_NANOS_PER_MESSAGE"] == {"Ref": "AwsCostNanosPerMessage"}
    assert "LedgerTable" in json.dumps(respond["Policies"])
