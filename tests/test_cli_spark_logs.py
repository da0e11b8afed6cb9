"""``--engine spark``: a session the command line starts logs errors only, unless the user
configures Spark's logging (`cli_engines._quiet_spark_logs`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from svcperf import cli_engines

GIVEN = f"-Dlog4j2.configurationFile={cli_engines.SPARK_LOG_CONFIG.as_uri()}"


def test_the_configuration_ships_with_the_package_and_logs_errors_only() -> None:
    text = cli_engines.SPARK_LOG_CONFIG.read_text(encoding="utf-8")
    assert "rootLogger.level = error" in text.splitlines()


def test_the_driver_is_given_it_beside_the_users_own_options() -> None:
    environment: dict[str, str] = {}
    cli_engines._quiet_spark_logs(environment)
    assert environment == {"SPARK_SUBMIT_OPTS": GIVEN}
    environment = {"SPARK_SUBMIT_OPTS": "-Xmx2g"}
    cli_engines._quiet_spark_logs(environment)
    assert environment == {"SPARK_SUBMIT_OPTS": f"-Xmx2g {GIVEN}"}


def test_a_users_logging_configuration_is_left_alone(tmp_path: Path) -> None:
    own = {"SPARK_SUBMIT_OPTS": "-Dlog4j2.configurationFile=file:/etc/mine.properties"}
    cli_engines._quiet_spark_logs(own)
    assert own == {"SPARK_SUBMIT_OPTS": "-Dlog4j2.configurationFile=file:/etc/mine.properties"}
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "log4j2.properties").write_text("rootLogger.level = info\n")
    for environment in ({"SPARK_CONF_DIR": str(tmp_path / "conf")},
                        {"SPARK_HOME": str(tmp_path)}):
        before = dict(environment)
        cli_engines._quiet_spark_logs(environment)
        assert environment == before
    elsewhere = {"SPARK_CONF_DIR": str(tmp_path)}  # no log4j2.properties there
    cli_engines._quiet_spark_logs(elsewhere)
    assert elsewhere["SPARK_SUBMIT_OPTS"] == GIVEN


def _through_java_stderr(capfd: pytest.CaptureFixture[str], script: str,
                         started: bool) -> tuple[str, str]:
    """What a process writing `script` (shell) to its standard error, started while
    svcperf's standard error is `cli_engines._java_stderr`'s pipe, shows once the session
    it stands for `started` (relayed) or not (discarded): the standard error seen, and
    the words kept."""
    with cli_engines._java_stderr() as java:
        assert java is not None
        subprocess.run(["sh", "-c", script], check=True)
    words = ""
    if started:
        java.release()
        assert java.closed.wait(10)
    else:
        words = java.discard(10)
    return capfd.readouterr().err, words


NOTICE = cli_engines.JAVA_NOTICE.decode()


def test_java_s_notice_is_left_out_and_every_other_line_shown(
        capfd: pytest.CaptureFixture[str]) -> None:
    script = f"printf '{NOTICE}an error\\n{NOTICE}no newline' >&2"
    assert _through_java_stderr(capfd, script, started=True) == (
        f"an error\n{NOTICE}no newline", "")  # (one notice left out: the JVM gives one)
    assert _through_java_stderr(capfd, "printf 'a\\nb\\n' >&2", started=True) == ("a\nb\n", "")


def test_a_session_that_cannot_start_keeps_what_java_wrote_for_the_error(
        capfd: pytest.CaptureFixture[str]) -> None:
    script = f"printf '{NOTICE}Exception in thread \"main\" java.lang.Oops: no\\n' >&2"
    assert _through_java_stderr(capfd, script, started=False) == (
        "", f'{NOTICE}Exception in thread "main" java.lang.Oops: no\n')


@pytest.mark.parametrize(("error", "words", "reason"), [
    (RuntimeError("An error occurred.\n: org.apache.spark.SparkException: Could not parse "
                  "Master URL: 'x'\n\tat org.apache..."), "", "Could not parse Master URL: 'x'"),
    (RuntimeError("[JAVA_GATEWAY_EXITED] Java gateway process exited."),
     f'{NOTICE}Exception in thread "main" org.apache.spark.SparkException: Master must '
     "either be yarn or start with spark, k8s, or local\n\tat org...\n",
     "Master must either be yarn or start with spark, k8s, or local"),
    (RuntimeError("[JAVA_GATEWAY_EXITED] Java gateway process exited."),
     "\nspark-class: line 71: /none/bin/java: No such file or directory\nmore\n",
     "[JAVA_GATEWAY_EXITED] Java gateway process exited. (spark-class: line 71: "
     "/none/bin/java: No such file or directory)"),
    (RuntimeError(""), "", "RuntimeError"),
])
def test_the_error_of_a_session_that_cannot_start_gives_java_s_reason(
        error: Exception, words: str, reason: str) -> None:
    assert str(cli_engines._start_failure("m", error, words)) == (
        f"--engine spark: cannot start a Spark session on master 'm': {reason}")
