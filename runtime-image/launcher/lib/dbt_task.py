"""A Job's dbt task, run by `lakehouse-launcher submit` as the Python program of a Spark driver.

spark-submit (client mode, against the Cluster's master, with the Cluster's spark-defaults) starts the driver JVM
and this program; dbt-spark's `session` method then opens its SparkSession in this very process (PySpark connects
to the JVM spark-submit started), so every dbt command runs its SQL in this one Spark application: no Thrift
server, no second JVM.

Environment (see the launcher's header):
  LAKEHOUSE_DBT_PROJECT     the project's directory, copied to LAKEHOUSE_DBT_WORK_DIR/project
  LAKEHOUSE_DBT_COMMANDS    JSON array of commands, each starting with "dbt " (default ["dbt build"])
  LAKEHOUSE_DBT_SCHEMA      the profile's schema (default "default")
  LAKEHOUSE_DBT_VARS        JSON object given to every command as --vars, under a command's own --vars
  LAKEHOUSE_DBT_THREADS     the profile's threads (1)
  LAKEHOUSE_DBT_WORK_DIR    where the project copy, the profile and dbt's logs go (set by the launcher)

It writes a profile `lakehouse_task` (target `task`, type spark, method session) and points dbt at it with
DBT_PROFILES_DIR, DBT_PROFILE and DBT_TARGET, so a command's own --profiles-dir, --profile or --target still
win. Commands run in order; the first that fails ends the task with exit code 1 (2 for a command that is not
a dbt command).
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

PROFILE = "lakehouse_task"
TARGET = "task"


def log(msg: str) -> None:
    print(f"lakehouse-launcher: {msg}", file=sys.stderr, flush=True)


def with_vars(argv: list[str], variables: dict) -> list[str]:
    """argv with --vars: the task's variables, overridden by the command's own --vars."""
    import yaml  # dbt's own dependency

    own, rest, i = None, [], 0
    while i < len(argv):
        a = argv[i]
        if a == "--vars" and i + 1 < len(argv):
            own = argv[i + 1]
            i += 2
            continue
        if a.startswith("--vars="):
            own = a[len("--vars="):]
            i += 1
            continue
        rest.append(a)
        i += 1
    merged = dict(variables)
    if own is not None:
        parsed = yaml.safe_load(own) or {}
        if not isinstance(parsed, dict):
            raise ValueError(f"--vars {own!r} is not a mapping")
        merged.update(parsed)
    if not merged:
        return rest
    return rest + ["--vars", json.dumps(merged, sort_keys=True)]


def write_profile(work: Path, schema: str, threads: int) -> Path:
    profiles = work / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    # JSON is YAML: no quoting surprises whatever the schema's name
    profile = {PROFILE: {"target": TARGET, "outputs": {TARGET: {
        "type": "spark", "method": "session", "host": "NA", "schema": schema, "threads": threads}}}}
    (profiles / "profiles.yml").write_text(json.dumps(profile, indent=2) + "\n")
    return profiles


def copy_project(source: Path, work: Path) -> Path:
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("target", "logs"), symlinks=True)
    return project


def main() -> int:
    source = Path(os.environ["LAKEHOUSE_DBT_PROJECT"])
    work = Path(os.environ.get("LAKEHOUSE_DBT_WORK_DIR") or os.path.join(os.getcwd(), "dbt"))
    commands = json.loads(os.environ.get("LAKEHOUSE_DBT_COMMANDS") or '["dbt build"]')
    variables = json.loads(os.environ.get("LAKEHOUSE_DBT_VARS") or "{}")
    schema = os.environ.get("LAKEHOUSE_DBT_SCHEMA") or "default"
    threads = int(os.environ.get("LAKEHOUSE_DBT_THREADS") or "1")

    project = copy_project(source, work)
    profiles = write_profile(work, schema, threads)
    os.environ["DBT_PROFILES_DIR"] = str(profiles)
    os.environ["DBT_PROFILE"] = PROFILE
    os.environ["DBT_TARGET"] = TARGET
    os.environ["DBT_PROJECT_DIR"] = str(project)
    os.environ.setdefault("DBT_LOG_PATH", str(work / "logs"))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.chdir(project)

    from dbt.cli.main import dbtRunner

    for command in commands:
        argv = shlex.split(command)
        if not argv or argv[0] != "dbt" or len(argv) < 2:
            log(f"'{command}' is not a dbt command")
            return 2
        argv = with_vars(argv[1:], variables)
        log("dbt " + " ".join(shlex.quote(a) for a in argv))
        result = dbtRunner().invoke(argv)
        if not result.success:
            why = f": {result.exception}" if result.exception else ""
            log(f"'{command}' failed{why}")
            return 1
    log(f"{len(commands)} dbt command(s) succeeded")
    return 0


def stop_spark() -> None:
    """Ends the application cleanly (FINISHED on the master), if dbt started it."""
    try:
        from pyspark import SparkContext

        context = SparkContext._active_spark_context
        if context is not None:
            context.stop()
    except Exception as e:  # the task's result is dbt's, not this
        log(f"stopping Spark: {e}")


if __name__ == "__main__":
    try:
        code = main()
    finally:
        stop_spark()
    sys.exit(code)
