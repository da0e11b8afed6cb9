"""``--format account-health``: the evaluation in the shape of the Account Health report
of Amazon's Selling Partner API (schemas/reports/accountHealthReport-2020-11-18.json of
amzn/selling-partner-api-models), every figure the evaluation's."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from strategies import night_data

from svcperf import Dispute, Evaluation, Job, Status, Window, evaluate, sample
from svcperf.cli import EXIT_BAD_INPUT, main
from svcperf.metrics import SERVICE_LEVELS
from svcperf.output import account_health_json, reporting_date_range
from svcperf.targets import Comparison

LEAN = settings(max_examples=max(10, settings().max_examples // 3))

# The parts of the report's schema that svcperf fills, as the schema states them: the
# types, the required keys and the enumerations (a small subset of JSON Schema, checked
# by `check` below; jsonschema is not a dependency).
MINUTE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z"  # as the schema's examples
DATE_RANGE = {"type": "object", "required": ["reportingDateTo", "reportingDateFrom"],
              "properties": {"reportingDateTo": {"type": "string", "pattern": MINUTE},
                             "reportingDateFrom": {"type": "string", "pattern": MINUTE}}}
STATUS = {"type": "string", "enum": ["GOOD", "BAD", "NONE"]}
# `rate` is a number in the schema; svcperf gives null when a level has no data.
METRIC = {"type": "object",
          "required": ["reportingDateRange", "status", "rate", "targetValue",
                       "targetCondition"],
          "properties": {"reportingDateRange": DATE_RANGE, "status": STATUS,
                         "rate": {"type": ["number", "null"]},
                         "targetValue": {"type": "number"},
                         "targetCondition": {"type": "string",
                                             "enum": ["GREATER_THAN", "LESS_THAN", "EQUALS"]},
                         "orderCount": {"type": "integer"},
                         "defectsCount": {"type": "integer"},
                         "cancellationCount": {"type": "integer"}}}
REPORT = {"type": "object", "required": ["accountStatuses", "performanceMetrics"],
          "properties": {
              "accountStatuses": {"type": "array", "items": {
                  "type": "object", "required": ["marketplaceId", "status"],
                  "properties": {"marketplaceId": {"type": "string"},
                                 "status": {"type": "string",
                                            "enum": ["NORMAL", "AT_RISK", "DEACTIVATED"]}}}},
              "performanceMetrics": {"type": "array", "items": {
                  "type": "object", "required": ["marketplaceId"],
                  "properties": {"marketplaceId": {"type": "string"}}}}}}
TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "null": type(None),
                         "integer": int, "number": (int, float)}


def check(value: object, schema: dict[str, Any], where: str = "$") -> None:
    """Fail unless `value` has the structure `schema` states."""
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    assert any(isinstance(value, TYPES[kind]) and not (kind in ("integer", "number")
                                                        and isinstance(value, bool))
               for kind in kinds), f"{where}: {value!r} is not {kinds}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "pattern" in schema:
        assert isinstance(value, str) and re.fullmatch(schema["pattern"], value), where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: {key} is required"
        for key, part in schema.get("properties", {}).items():
            if key in value:
                check(value[key], part, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], f"{where}[{index}]")


def _instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=timezone.utc)


def assert_is_the_evaluation(report: dict[str, Any], evaluation: Evaluation) -> None:
    check(report, REPORT)
    assert [item["marketplaceId"] for item in report["accountStatuses"]] == \
        [item["marketplaceId"] for item in report["performanceMetrics"]] == \
        list(evaluation.accounts)
    window = evaluation.window
    for shown, metrics in zip(report["accountStatuses"], report["performanceMetrics"],
                              strict=True):
        account = evaluation[shown["marketplaceId"]]
        assert shown["status"] == ("AT_RISK" if account.status is Status.ATTENTION
                                   else "NORMAL")
        assert len(metrics) == 1 + len(SERVICE_LEVELS)
        for level in SERVICE_LEVELS:
            figure = account[level.key]
            name = "".join(word if i == 0 else word.capitalize()
                           for i, word in enumerate(level.key.split("_")))
            metric = metrics[name]
            check(metric, METRIC, name)
            counts = {key: value for key, value in metric.items()
                      if key.endswith("Count") or key == "starsTotal"}
            denominator = "ratedOrderCount" if level.rated_only else "orderCount"
            assert counts.pop(denominator) == figure.denominator
            assert list(counts.values()) == [figure.numerator]
            assert metric["rate"] == figure.display
            assert metric["status"] == {True: "GOOD", False: "BAD",
                                        None: "NONE"}[figure.meets_target]
            assert figure.target is not None
            assert metric["targetValue"] == float(figure.target.threshold)
            assert metric["targetCondition"] == (
                "GREATER_THAN" if figure.target.comparison is Comparison.AT_LEAST
                else "LESS_THAN")
            first = _instant(metric["reportingDateRange"]["reportingDateFrom"])
            last = _instant(metric["reportingDateRange"]["reportingDateTo"])
            assert first <= window.start < first + timedelta(minutes=1)
            assert last < window.end <= last + timedelta(minutes=1)


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Job], list[Dispute]]:
    return sample.generate()


def test_the_sample_report_has_the_structure_and_figures_of_the_evaluation(
        bundled: tuple[list[Job], list[Dispute]]) -> None:
    evaluation = evaluate(bundled[0], sample.SAMPLE_NIGHT, disputes=bundled[1],
                          tz=sample.SAMPLE_TZ)
    report = json.loads(json.dumps(account_health_json(evaluation)))
    assert_is_the_evaluation(report, evaluation)
    assert {item["status"] for item in report["accountStatuses"]} == {"NORMAL", "AT_RISK"}


@LEAN
@given(night_data())
def test_any_evaluation_gives_a_report_of_its_figures(
        data: tuple[date, list[Job], list[Dispute], str]) -> None:
    night, job_list, disputes, tz = data
    evaluation = evaluate(job_list, night, disputes=disputes, tz=tz)
    assert_is_the_evaluation(json.loads(json.dumps(account_health_json(evaluation))),
                             evaluation)


def test_no_data_is_status_none_with_a_null_rate() -> None:
    job = sample.generate(1)[0][0]
    evaluation = evaluate([job], date(2000, 1, 1), tz="UTC")
    metrics = account_health_json(evaluation)["performanceMetrics"][0]
    assert {metrics[key]["status"] for key in metrics if key != "marketplaceId"} == {"NONE"}
    assert {metrics[key]["rate"] for key in metrics if key != "marketplaceId"} == {None}


def test_accounts_limit_the_report(bundled: tuple[list[Job], list[Dispute]]) -> None:
    evaluation = evaluate(bundled[0], sample.SAMPLE_NIGHT, disputes=bundled[1],
                          tz=sample.SAMPLE_TZ)
    report = account_health_json(evaluation, ["acct-3003"])
    assert [item["marketplaceId"] for item in report["performanceMetrics"]] == ["acct-3003"]


def test_the_date_range_is_the_first_and_last_minute_of_the_window() -> None:

    window = Window.between(datetime(2026, 11, 1, 12, 0, 30, tzinfo=timezone.utc),
                            datetime(2026, 11, 10, 6, 0, tzinfo=timezone.utc))
    assert reporting_date_range(window) == {"reportingDateFrom": "2026-11-01T12:00Z",
                                            "reportingDateTo": "2026-11-10T05:59Z"}


def test_the_command_prints_the_report(capsys: pytest.CaptureFixture[str],
                                       bundled: tuple[list[Job], list[Dispute]]) -> None:
    assert main(["evaluate", "--sample", "--format", "account-health"]) == 0
    shown = json.loads(capsys.readouterr().out)
    evaluation = evaluate(bundled[0], sample.SAMPLE_NIGHT, disputes=bundled[1],
                          tz=sample.SAMPLE_TZ)
    assert shown == json.loads(json.dumps(account_health_json(evaluation)))


def test_a_breakdown_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--sample", "--format", "account-health", "--by",
                 "profession"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == "" and "--by" in err and "account-health" in err
