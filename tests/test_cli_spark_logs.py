"""``--engine spark``: a session the command line starts logs errors only, unless the user
configures Spark's logging (`cli_engines._quiet_spark_logs`)."""

from __future__ import annotations

from pathlib import Path

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
