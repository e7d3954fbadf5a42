#!/usr/bin/env python3
"""The data-path suite: real servers on 127.0.0.1 and the clients a data team uses.

Started by e2e/datapath/run, which installs what it needs and passes the paths below. It starts MinIO (the
S3-compatible store), Nessie (the shared catalog, Iceberg REST) and the engine through the runtime launcher as
plain processes (master, a worker, Spark Connect, the SQL endpoint), configured by the operator's own
SparkConfigRenderer from examples/datapath/{workspace,cluster}.yaml; then drives it with PySpark over Spark
Connect and with dbt, and looks at the results from outside the engine; the SQL endpoint's load (GET /load) against
real JDBC sessions and queued statements. Last, the engine as the autoscaler and its users share it: the
autoscaler's Spark load reader under a running job, an idle application giving its executors back (dynamic
allocation), a Warehouse of two SQL engines behind the gateway (dbt and a second client through it, a benchmark, a
wake from stopped), a Job task running beside a Spark Connect job on the one worker, and a worker's graceful
decommission (the launcher's preStop hook) with a second worker taking over. Writes a JSON report (and the
Warehouse benchmark) and ends with the line "N passed, N failed".
"""
from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from decimal import Decimal
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples" / "datapath" / "clients"))
import iceberg_and_delta as client  # noqa: E402

BUCKET = "lakehouse"
# The suite's own Python task with a wheel library: the library on the driver and in executor tasks.
PYTHON_PACKAGES_TASK = """
from pyspark.sql import SparkSession

import lakehouse_task_helper

spark = SparkSession.builder.getOrCreate()
print("driver: " + lakehouse_task_helper.greeting("driver"))
got = spark.sparkContext.parallelize(range(4), 2).map(lambda i: lakehouse_task_helper.greeting(f"executor {i}"))
print(f"executors: {got.collect()}")
spark.stop()
"""

S3_SECRET = "lakehouse-s3"
# GET /load of the sql role's load endpoint: every field, always (the Warehouse contract)
SQL_LOAD_FIELDS = ("sessions", "running", "queued", "oldestQueuedWaitMs", "recentArrivals", "arrivalWindowMs",
                   "meanQueryMillis", "lastActivityMs")


def log(msg: str) -> None:
    print(f"[datapath {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before port {port} opened")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f}s")


def http_json(url: str, timeout: float = 10) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read().decode())


class Processes:
    """Every server the suite starts, each in its own process group, stopped on exit whatever happens."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "w")
        p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        self.procs.append((name, p))
        return p

    def stop(self, name: str) -> None:
        """Stops one server as Kubernetes stops a container: SIGTERM, then SIGKILL after 20 s."""
        for n, p in self.procs:
            if n == name and p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()

    def stop_all(self) -> None:
        for name, p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 20
        for name, p in reversed(self.procs):
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        self.procs.clear()


class Suite:
    def __init__(self, args):
        self.a = args
        self.results: list[dict] = []
        self.failed_prereq: set[str] = set()
        self.facts: dict = {}
        self.work = Path(args.work).resolve()
        if self.work.exists():
            shutil.rmtree(self.work)
        (self.work / "logs").mkdir(parents=True)
        self.procs = Processes(self.work / "logs")
        atexit.register(self.procs.stop_all)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        self.ports = {k: free_port() for k in (
            "minio", "minio_console", "nessie", "nessie_mgmt", "master", "master_ui", "worker_ui", "worker2_ui",
            "connect", "connect_ui", "sql", "sql_ui", "sql_load", "submit_ui",
            "e1_sql", "e1_load", "e1_ui", "e2_sql", "e2_load", "e2_ui", "gw_sql", "gw_connect", "gw_metrics",
            "no_connect")}
        self.access_key = "lh" + secrets.token_hex(8)
        self.secret_key = secrets.token_urlsafe(24)
        self.spark = None
        self.sql_statements = 0  # statements the suite ran on the sql role's server so far
        self.bench: dict = {}  # the Warehouse benchmark (e2e/target/benchmarks/warehouse.json)

    def _on_signal(self, signum, frame):
        log(f"signal {signum}: stopping servers")
        self.procs.stop_all()
        sys.exit(128 + signum)

    # ------------------------------------------------------------------------------------------ step machinery
    def step(self, name: str, fn, needs: tuple[str, ...] = ()) -> bool:
        missing = [n for n in needs if n in self.failed_prereq]
        t0 = time.monotonic()
        detail = ""
        if missing:
            ok, detail = False, f"not run: {', '.join(missing)} failed"
        else:
            try:
                detail = fn() or ""
                ok = True
            except Exception as e:  # a failed step is reported, the suite goes on
                ok = False
                detail = f"{type(e).__name__}: {e}"
                traceback.print_exc()
        ms = int((time.monotonic() - t0) * 1000)
        if not ok:
            self.failed_prereq.add(name)
        self.results.append({"name": name, "passed": ok, "ms": ms, "detail": str(detail)[:2000]})
        log(f"{'PASS' if ok else 'FAIL'} {name} ({ms} ms){': ' + str(detail)[:500] if detail else ''}")
        return ok

    # ------------------------------------------------------------------------------------------------- servers
    def start_object_store(self):
        data = self.work / "minio-data"
        data.mkdir()
        env = dict(os.environ, MINIO_ROOT_USER=self.access_key, MINIO_ROOT_PASSWORD=self.secret_key,
                   MINIO_BROWSER="off", MINIO_UPDATE="off")
        p = self.procs.start("minio", [self.a.minio, "server", "--quiet",
                                       "--address", f"127.0.0.1:{self.ports['minio']}",
                                       "--console-address", f"127.0.0.1:{self.ports['minio_console']}",
                                       str(data)], env=env)
        wait_port(self.ports["minio"], 60, p)
        s3 = self.s3()
        for _ in range(50):
            try:
                s3.create_bucket(Bucket=BUCKET)
                break
            except Exception as e:  # MinIO answers 503 while it initialises
                last = e
                time.sleep(0.3)
        else:
            raise RuntimeError(f"cannot create bucket: {last}")
        names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        assert BUCKET in names, names
        return f"MinIO on 127.0.0.1:{self.ports['minio']}, bucket {BUCKET}"

    def s3(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{self.ports['minio']}",
                            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
                            region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))

    def start_catalog(self):
        home = self.work / "nessie"
        (home / "config").mkdir(parents=True)
        props = home / "config" / "application.properties"
        props.write_text("\n".join([
            "quarkus.http.host=127.0.0.1",
            f"quarkus.http.port={self.ports['nessie']}",
            "quarkus.management.host=127.0.0.1",
            f"quarkus.management.port={self.ports['nessie_mgmt']}",
            "quarkus.otel.sdk.disabled=true",
            "quarkus.log.level=INFO",
            "nessie.version.store.type=IN_MEMORY",
            "nessie.server.authentication.enabled=false",
            "nessie.catalog.default-warehouse=warehouse",
            f"nessie.catalog.warehouses.warehouse.location=s3://{BUCKET}/iceberg",
            f"nessie.catalog.service.s3.default-options.endpoint=http://127.0.0.1:{self.ports['minio']}/",
            "nessie.catalog.service.s3.default-options.path-style-access=true",
            "nessie.catalog.service.s3.default-options.region=us-east-1",
            "nessie.catalog.service.s3.default-options.access-key=urn:nessie-secret:quarkus:lakehouse.s3",
            f"lakehouse.s3.name={self.access_key}",
            f"lakehouse.s3.secret={self.secret_key}",
            "",
        ]))
        props.chmod(0o600)
        p = self.procs.start("nessie", [self.a.nessie_java, "-Xmx512m", "-XX:+UseSerialGC", "-jar",
                                        self.a.nessie_jar], cwd=home)
        deadline = time.monotonic() + 120
        while True:
            try:
                cfg = http_json(f"http://127.0.0.1:{self.ports['nessie']}/iceberg/v1/config")
                break
            except Exception:
                if p.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Nessie did not start; see logs/nessie.log")
                time.sleep(0.3)
        assert cfg["defaults"]["warehouse"] == f"s3://{BUCKET}/iceberg", cfg
        server = http_json(f"http://127.0.0.1:{self.ports['nessie']}/api/v2/config")
        self.facts["nessie_version"] = server.get("actualApiVersion") and server.get("specVersion")
        m = re.search(r"Nessie (\S+) on JVM", (self.work / "logs" / "nessie.log").read_text())
        self.facts["nessie_version"] = m.group(1) if m else self.a.nessie_version
        return f"Nessie {self.facts['nessie_version']} serving Iceberg REST on 127.0.0.1:{self.ports['nessie']}"

    # --------------------------------------------------------------------------------------------- rendering
    def render_config(self):
        """The operator's SparkConfigRenderer renders the example manifests (endpoints pointed at our servers)."""
        ws = yaml.safe_load((REPO / "examples/datapath/workspace.yaml").read_text())
        cl = yaml.safe_load((REPO / "examples/datapath/cluster.yaml").read_text())
        ws["spec"]["storage"]["s3"]["endpoint"] = f"http://127.0.0.1:{self.ports['minio']}"
        for c in ws["spec"]["catalogs"]:
            if c["type"] == "IcebergRest":
                c["uri"] = f"http://127.0.0.1:{self.ports['nessie']}/iceberg/"
        manifests = self.work / "manifests"
        manifests.mkdir()
        (manifests / "workspace.yaml").write_text(yaml.safe_dump(ws))
        (manifests / "cluster.yaml").write_text(yaml.safe_dump(cl))
        self.conf_dir = self.work / "conf"
        out = subprocess.run(
            ["java", "-cp", self.a.tools_classpath, "dev.lakehouse.datapath.RenderSparkConfig",
             "--workspace", str(manifests / "workspace.yaml"), "--cluster", str(manifests / "cluster.yaml"),
             "--runtime-table", str(REPO / "crds/src/main/resources/dev/lakehouse/runtimes.properties"),
             "--connect-port", str(self.ports["connect"]), "--out", str(self.conf_dir)],
            capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"renderer failed: {out.stderr[-2000:]}")
        self.runtime = json.loads(out.stdout.strip().splitlines()[-1])
        defaults = self.read_properties(self.conf_dir / "spark-defaults.conf")
        # what the Workspace and Cluster asked for is in the rendered file
        assert defaults["spark.sql.catalog.lakehouse"] == "org.apache.iceberg.spark.SparkCatalog", defaults
        assert defaults["spark.sql.catalog.lakehouse.uri"].startswith(f"http://127.0.0.1:{self.ports['nessie']}")
        assert defaults["spark.hadoop.fs.s3a.endpoint"] == f"http://127.0.0.1:{self.ports['minio']}"
        assert defaults["spark.hadoop.fs.s3a.path.style.access"] == "true"
        assert "DeltaSparkSessionExtension" in defaults["spark.sql.extensions"]
        assert "IcebergSparkSessionExtensions" in defaults["spark.sql.extensions"]
        # the Cluster's sparkConf is there, and applications share the engine by the operator's defaults:
        # executors of half a worker, dynamic allocation, no cap on an application's cores
        for k, v in cl["spec"]["sparkConf"].items():
            assert defaults[k] == v, (k, defaults.get(k), v)
        self.launcher_env = self.read_shell_env(self.conf_dir / "launcher.env")
        worker_cores = int(self.launcher_env["LAKEHOUSE_WORKER_CORES"])
        assert worker_cores == cl["spec"]["worker"]["cores"], self.launcher_env
        assert defaults["spark.executor.cores"] == str(max(1, worker_cores // 2)), defaults
        assert defaults["spark.dynamicAllocation.enabled"] == "true", defaults
        assert defaults["spark.dynamicAllocation.shuffleTracking.enabled"] == "true", defaults
        assert defaults["spark.dynamicAllocation.minExecutors"] == "0", defaults
        assert "spark.cores.max" not in defaults, defaults
        self.defaults = defaults
        # the Secret the Workspace names, mounted as files (what the kubelet does with a Secret volume)
        self.secrets_dir = self.work / "secrets"
        sdir = self.secrets_dir / S3_SECRET
        sdir.mkdir(parents=True)
        (sdir / "accessKeyId").write_text(self.access_key)
        (sdir / "secretAccessKey").write_text(self.secret_key + "\n")
        for f in sdir.iterdir():
            f.chmod(0o600)
        return (f"runtime {self.runtime['runtime']}: {len(defaults)} properties, "
                f"{self.runtime['secretEnv']} secret env refs, {self.runtime['secretConf']} secret conf refs")

    @staticmethod
    def read_properties(path: Path) -> dict:
        props = {}
        for line in path.read_text().splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            k, _, v = line.partition("=")
            props[k.replace("\\ ", " ").replace("\\:", ":").replace("\\=", "=")] = v
        return props

    @staticmethod
    def read_shell_env(path: Path) -> dict:
        env = {}
        for line in path.read_text().splitlines():
            if "=" in line:
                k, _, v = line.partition("=")
                env[k] = v.strip("'")
        return env

    def credentials_not_in_config(self):
        """Credentials reach Spark only through secret files and the environment, never the rendered files."""
        found = []
        for f in sorted(self.conf_dir.iterdir()):
            text = f.read_text()
            for label, value in (("access key", self.access_key), ("secret key", self.secret_key)):
                if value in text:
                    found.append(f"{label} in {f.name}")
        assert not found, found
        refs = (self.conf_dir / "secret-env.refs").read_text()
        assert f"AWS_ACCESS_KEY_ID={S3_SECRET}/accessKeyId" in refs, refs
        assert f"AWS_SECRET_ACCESS_KEY={S3_SECRET}/secretAccessKey" in refs, refs
        # the API's one credential-key rule (CredentialKeys, printed by RenderSparkConfig): whole-key patterns,
        # Java's matches() is Python's fullmatch
        rule = self.runtime["credentialKeys"]
        credential, not_a_credential = re.compile(rule["credential"]), re.compile(rule["notACredential"])
        assert credential.fullmatch("spark.hadoop.fs.s3a.secret.key") and \
            not_a_credential.fullmatch("spark.hadoop.fs.s3a.aws.credentials.provider"), rule
        literal = [k for k, v in self.defaults.items()
                   if credential.fullmatch(k) and not not_a_credential.fullmatch(k) and not
                   re.fullmatch(r"\$\{env\.[A-Z0-9_]+\}", v)]
        assert not literal, f"a credential-like property has a literal value: {literal}"
        # the launcher's printed command shows no secret either
        out = subprocess.run([self.a.launcher, "print", "connect"], env=self.engine_env("connect-print"),
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert self.secret_key not in out.stdout + out.stderr and self.access_key not in out.stdout + out.stderr
        return f"{len(list(self.conf_dir.iterdir()))} rendered files free of credentials; refs: " + \
            ", ".join(l for l in refs.splitlines() if not l.startswith("#"))

    # ------------------------------------------------------------------------------------------------- engine
    def engine_env(self, role: str, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SPARK_", "LAKEHOUSE_"))}
        env.update(self.launcher_env)
        work = self.work / "engine" / role
        work.mkdir(parents=True, exist_ok=True)
        env.update({
            "SPARK_HOME": self.a.spark_home,
            "SPARK_CONF_DIR": str(self.conf_dir),
            "LAKEHOUSE_SECRETS_DIR": str(self.secrets_dir),
            "LAKEHOUSE_HOST": "127.0.0.1",
            "LAKEHOUSE_WORK_DIR": str(work),
            "LAKEHOUSE_MASTER_URL": f"spark://127.0.0.1:{self.ports['master']}",
            "LAKEHOUSE_MASTER_PORT": str(self.ports["master"]),
            "LAKEHOUSE_MASTER_WEBUI_PORT": str(self.ports["master_ui"]),
            "LAKEHOUSE_WORKER_WEBUI_PORT": str(self.ports["worker_ui"]),
            "LAKEHOUSE_CONNECT_PORT": str(self.ports["connect"]),
            "LAKEHOUSE_SQL_PORT": str(self.ports["sql"]),
            "LAKEHOUSE_DAEMON_MEMORY": "384m",
        })
        env.update(extra)
        return env

    def start_engine(self):
        t0 = time.monotonic()
        m = self.procs.start("master", [self.a.launcher, "master"], env=self.engine_env("master"))
        w = self.procs.start("worker", [self.a.launcher, "worker"], env=self.engine_env("worker"))
        c = self.procs.start("connect", [self.a.launcher, "connect"],
                             env=self.engine_env("connect", LAKEHOUSE_UI_PORT=str(self.ports["connect_ui"])))
        wait_port(self.ports["master"], 120, m)
        deadline = time.monotonic() + 120
        while True:  # the worker registered with the master
            try:
                st = http_json(f"http://127.0.0.1:{self.ports['master_ui']}/json/")
                if [x for x in st.get("workers", []) if x.get("state") == "ALIVE"]:
                    break
            except Exception:
                pass
            if w.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("no worker registered; see logs/worker.log")
            time.sleep(0.3)
        wait_port(self.ports["connect"], 180, c)
        self.facts["engine_start_ms"] = int((time.monotonic() - t0) * 1000)

        from pyspark.sql import SparkSession

        t1 = time.monotonic()
        self.spark = SparkSession.builder.remote(f"sc://127.0.0.1:{self.ports['connect']}").getOrCreate()
        one = self.spark.sql("SELECT 1 AS one").first()["one"]
        self.facts["first_query_ms"] = int((time.monotonic() - t1) * 1000)
        assert one == 1
        self.facts["spark_version"] = self.spark.version
        assert self.spark.version == self.runtime["spark"], (self.spark.version, self.runtime)
        # the engine's processes got the keys from the secret files: not on any command line
        for name, p in self.procs.procs:
            if name in ("master", "worker", "connect"):
                for pid in [p.pid] + self.children(p.pid):
                    try:
                        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                    except OSError:
                        continue
                    assert self.secret_key not in cmd and self.access_key not in cmd, f"secret on {name}'s command line"
        return (f"master, worker and Spark Connect up in {self.facts['engine_start_ms']} ms; first query "
                f"{self.facts['first_query_ms']} ms; Spark {self.spark.version}")

    @staticmethod
    def children(pid: int) -> list[int]:
        out = subprocess.run(["pgrep", "-g", str(os.getpgid(pid))], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]

    def start_sql_endpoint(self):
        """The launcher's sql role: the Thrift server listens, its load endpoint answers, the default catalog's
        default schema exists (the role creates it before it listens) and statements share the executors in a FAIR
        default pool."""
        t0 = time.monotonic()
        p = self.procs.start("sql", [self.a.launcher, "sql"], env=self.engine_env(
            "sql", LAKEHOUSE_UI_PORT=str(self.ports["sql_ui"]), LAKEHOUSE_SQL_LOAD_PORT=str(self.ports["sql_load"]),
            LAKEHOUSE_SQL_MAX_CONCURRENT=str(self.SQL_MAX_CONCURRENT)))
        wait_port(self.ports["sql"], 240, p)
        self.facts["sql_endpoint_start_ms"] = int((time.monotonic() - t0) * 1000)
        load = self.sql_load(self.ports["sql_load"])
        assert load == {**dict.fromkeys(SQL_LOAD_FIELDS, 0), "arrivalWindowMs": 60000}, load
        # the default schema: in the catalog before any client came, made by the sql role
        base = f"http://127.0.0.1:{self.ports['nessie']}/iceberg/v1"
        prefix = http_json(f"{base}/config")["defaults"]["prefix"]
        namespaces = http_json(f"{base}/{prefix}/namespaces")["namespaces"]
        assert ["default"] in namespaces, namespaces
        text = (self.work / "logs" / "sql.log").read_text()
        assert f"schema default of the default catalog {client.CATALOG} exists" in text, text[-3000:]
        assert "Created pool: default, schedulingMode: FAIR" in text, text[-3000:]
        return (f"JDBC/Thrift endpoint on 127.0.0.1:{self.ports['sql']} in {self.facts['sql_endpoint_start_ms']} ms, "
                f"load endpoint on {self.ports['sql_load']} answers {load}; {client.CATALOG}.default created by the "
                f"role (Nessie lists {namespaces}); the FAIR default pool")

    # ------------------------------------------------------------------------------------------- SQL endpoint load
    SQL_MAX_CONCURRENT = 2  # the data path's Warehouse size: a third asynchronous statement queues

    @staticmethod
    def sql_load(port: int) -> dict:
        load = http_json(f"http://127.0.0.1:{port}/load", timeout=5)
        assert sorted(load) == sorted(SQL_LOAD_FIELDS), load
        assert all(isinstance(v, int) and v >= 0 for v in load.values()), load
        return load

    def wait_load(self, port: int, what: str, ok, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while not ok(load := self.sql_load(port)):
            assert time.monotonic() < deadline, f"{what}: not seen in {timeout:.0f}s, last {load}"
            time.sleep(0.1)
        return load

    @staticmethod
    def hive(port: int, database: str = "default"):
        """A HiveServer2 session through PyHive, dbt-spark's Thrift client (auth NONE: SASL PLAIN)."""
        from pyhive import hive

        return hive.connect(host="127.0.0.1", port=port, username="datapath", database=database)

    @staticmethod
    def driver_sleep_sql(ms: int) -> str:
        """A statement that sleeps `ms` on the server's driver and needs no executor: the optimizer folds a
        projection of VALUES into a local relation, calling the method there (reflect of a void method: null)."""
        return f"SELECT reflect('java.lang.Thread', 'sleep', CAST({ms} AS BIGINT)) AS slept FROM VALUES (1)"

    @staticmethod
    def run_async(conn, sql: str) -> list:
        """Executes as dbt-spark and the Hive JDBC driver do: asynchronously (runAsync), polling its state."""
        from TCLIService.ttypes import TOperationState

        cur = conn.cursor()
        cur.execute(sql, async_=True)
        while (state := cur.poll().operationState) in (TOperationState.INITIALIZED_STATE,
                                                       TOperationState.PENDING_STATE,
                                                       TOperationState.RUNNING_STATE):
            time.sleep(0.05)
        assert state == TOperationState.FINISHED_STATE, state
        rows = cur.fetchall()
        cur.close()
        return rows

    def sql_load_sessions(self):
        """/load counts the server's open sessions as real clients open and close them."""
        port = self.ports["sql_load"]
        base = self.sql_load(port)["sessions"]
        conns = [self.hive(self.ports["sql"]) for _ in range(3)]
        opened = self.wait_load(port, "3 sessions", lambda l: l["sessions"] == base + 3)["sessions"]
        # a JDBC metadata call (GetSchemas, as a BI tool's browser makes) is activity, not a statement
        from TCLIService import ttypes

        before = self.wait_load(port, "3 statements", lambda l: l["recentArrivals"] == 3)
        time.sleep(0.05)
        c = conns[0]
        op = c.client.GetSchemas(ttypes.TGetSchemasReq(sessionHandle=c.sessionHandle))
        assert op.status.statusCode == ttypes.TStatusCode.SUCCESS_STATUS, op.status
        c.client.CloseOperation(ttypes.TCloseOperationReq(operationHandle=op.operationHandle))
        meta = self.wait_load(port, "the metadata call's activity",
                              lambda l: l["lastActivityMs"] > before["lastActivityMs"])
        assert meta["recentArrivals"] == 3 and meta["meanQueryMillis"] == before["meanQueryMillis"], (before, meta)
        conns.pop().close()
        one_closed = self.wait_load(port, "a session closed", lambda l: l["sessions"] == base + 2)["sessions"]
        for c in conns:
            c.close()
        after = self.wait_load(port, "every session closed", lambda l: l["sessions"] == base)
        # PyHive runs USE `default` when it connects: one statement per session (it works: the role made the schema)
        assert after["running"] == 0 and after["queued"] == 0 and after["recentArrivals"] == 3, after
        assert after["meanQueryMillis"] > 0 and after["lastActivityMs"] <= time.time() * 1000, after
        self.sql_statements = 3
        return (f"sessions {base} -> {opened} with 3 PyHive sessions, {one_closed} after one closed, "
                f"{after['sessions']} after all; their 3 statements (PyHive's USE `default` in {client.CATALOG}) "
                f"counted, a GetSchemas call only as activity "
                f"(+{meta['lastActivityMs'] - before['lastActivityMs']} ms): {after}")

    def sql_load_queue(self):
        """With LAKEHOUSE_SQL_MAX_CONCURRENT 2: four asynchronous statements of 4 s on four sessions, two run and two
        wait in the server's queue; a synchronous one (PyHive's default) runs at once beside them. /load, sampled
        every 100 ms, against what the clients saw."""
        port, sleep_ms = self.ports["sql_load"], 4000
        conns = [self.hive(self.ports["sql"]) for _ in range(5)]
        self.run_async(conns[0], self.driver_sleep_sql(10))  # the server's first statement of this kind is slow
        # Every statement this server ran so far (PyHive's USE at each connect, the one above) arrived less than a
        # minute ago: recentArrivals counts them all, and meanQueryMillis averages them.
        ran = self.sql_statements + 6
        before = self.wait_load(port, f"{ran} statements", lambda l: l["recentArrivals"] == ran)
        t_start = time.time()
        took: dict = {}
        errors: list = []
        def statement(i: int, asynchronous: bool):
            t0 = time.monotonic()
            try:
                if asynchronous:
                    rows = self.run_async(conns[i], self.driver_sleep_sql(sleep_ms))
                else:
                    cur = conns[i].cursor()
                    cur.execute(self.driver_sleep_sql(sleep_ms))  # runAsync=false: returns when it has run
                    rows = cur.fetchall()
                assert rows == [("null",)], rows  # reflect of a void method
                took[i] = time.monotonic() - t0
            except Exception as e:
                errors.append(e)

        threads = [threading.Thread(target=statement, args=(i, True), daemon=True) for i in range(4)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        samples, sync = [], None
        while any(t.is_alive() for t in threads + ([sync] if sync else [])):
            load = self.sql_load(port)
            samples.append((round(time.monotonic() - t0, 1), load))
            if sync is None and load["queued"] == 2:
                sync = threading.Thread(target=statement, args=(4, False), daemon=True)
                sync.start()
            assert time.monotonic() - t0 < 60, samples[-5:]
            time.sleep(0.1)
        for c in conns:
            c.close()
        assert not errors, errors
        end = self.wait_load(port, "nothing running", lambda l: l["running"] == 0 and l["queued"] == 0)
        seen = lambda f: [(t, l["running"], l["queued"]) for t, l in samples if f(l)]  # noqa: E731
        two_two = seen(lambda l: l["running"] == 2 and l["queued"] == 2)
        three_two = seen(lambda l: l["running"] == 3 and l["queued"] == 2)
        drained = [t for t, l in samples if l["running"] == 2 and l["queued"] == 0 and t > sleep_ms / 1000]
        assert two_two, f"never 2 running and 2 queued: {samples}"
        assert three_two, f"the synchronous statement did not run beside two queued ones: {samples}"
        assert drained, f"the queued statements never ran: {samples}"
        assert max(l["running"] for _, l in samples) == 3 and max(l["queued"] for _, l in samples) == 2, samples
        waited = max(l["oldestQueuedWaitMs"] for _, l in samples)
        assert sleep_ms - 1000 <= waited <= sleep_ms + 1500, (waited, samples)  # the queued ones waited one turn
        # the clients: two statements ran at once, two waited a turn, the synchronous one ran at once
        times = sorted(round(took[i], 1) for i in range(4))
        assert times[1] < sleep_ms / 1000 + 1.5 and times[2] > 2 * sleep_ms / 1000 - 0.5, times
        assert took[4] < sleep_ms / 1000 + 1.5, took
        # five arrivals; their mean run time from the means before and after (n statements before, n + 5 after) is
        # the run time without the queue's wait (the clients' mean, with it, is 1.4 times longer)
        n = before["recentArrivals"]
        assert end["recentArrivals"] == n + 5, (before, end)
        mean5 = (end["meanQueryMillis"] * (n + 5) - before["meanQueryMillis"] * n) / 5
        assert sleep_ms - 150 <= mean5 <= sleep_ms + 500, (mean5, before, end)
        assert end["oldestQueuedWaitMs"] == 0, end
        assert t_start * 1000 + 2 * sleep_ms <= end["lastActivityMs"] <= time.time() * 1000, (t_start, end)
        client_mean = sum(took.values()) / len(took)
        return (f"max running 3, queued 2: 2 running + 2 queued at {two_two[0][0]}s, the synchronous statement "
                f"running beside them at {three_two[0][0]}s, queued ones running at {drained[0]}s; oldest queued "
                f"wait up to {waited} ms; clients' times {times} + sync {took[4]:.1f}s (mean {client_mean:.1f}s with "
                f"queue waits); /load after: recentArrivals {n} + 5, meanQueryMillis {before['meanQueryMillis']} -> "
                f"{end['meanQueryMillis']}, so {mean5:.0f} ms for the five, "
                f"lastActivityMs {end['lastActivityMs']}; {len(samples)} samples")

    # ------------------------------------------------------------------------------------------------ clients
    def iceberg_create(self):
        self.table = client.create_schema_and_table(self.spark)
        tables = [r["tableName"] for r in self.spark.sql(f"SHOW TABLES IN {client.CATALOG}.{client.SCHEMA}").collect()]
        assert "orders" in tables, tables
        cols = [r["col_name"] for r in self.spark.sql(f"DESCRIBE TABLE {self.table}").collect()]
        assert cols[:5] == ["order_id", "customer", "amount", "status", "order_ts"], cols
        return f"{self.table} created in the shared catalog"

    def iceberg_insert_select(self):
        self.batch1 = client.orders_batch(1, 6, dt.date(2026, 1, 5))
        self.batch2 = client.orders_batch(7, 5, dt.date(2026, 1, 6))
        self.snap1 = client.insert_orders(self.spark, self.table, self.batch1)
        self.commit1 = self.nessie_head()
        self.snap2 = client.insert_orders(self.spark, self.table, self.batch2)
        self.commit2 = self.nessie_head()
        assert self.commit1 != self.commit2
        assert self.snap1 != self.snap2
        rows = self.batch1 + self.batch2
        assert client.count_rows(self.spark, self.table) == len(rows)
        n, revenue = client.completed_revenue(self.spark, self.table)
        exp = [r for r in rows if r[3] == "completed"]
        assert n == len(exp), (n, len(exp))
        assert Decimal(revenue) == sum(r[2] for r in exp), (revenue, sum(r[2] for r in exp))
        got = sorted(r["order_id"] for r in self.spark.sql(
            f"SELECT order_id FROM {self.table} WHERE customer = 'customer-1'").collect())
        assert got == sorted(r[0] for r in rows if r[1] == "customer-1"), got
        return f"{len(rows)} rows in 2 snapshots; {n} completed, revenue {revenue}"

    def nessie_head(self) -> str:
        return http_json(f"http://127.0.0.1:{self.ports['nessie']}/api/v2/trees/main")["reference"]["hash"]

    def iceberg_time_travel(self):
        earlier = client.at_commit(self.table, self.commit1)
        # the table as of the first load's catalog commit reads the first snapshot, and only the first batch
        assert client.snapshot_of(self.spark, earlier) == self.snap1
        assert client.snapshot_of(self.spark, self.table) == self.snap2
        assert client.count_rows(self.spark, earlier) == len(self.batch1)
        n, revenue = client.completed_revenue(self.spark, earlier)
        exp = [r for r in self.batch1 if r[3] == "completed"]
        assert n == len(exp) and Decimal(revenue) == sum(r[2] for r in exp), (n, revenue)
        ids = sorted(r[0] for r in self.spark.sql(f"SELECT order_id FROM {earlier}").collect())
        assert ids == sorted(r[0] for r in self.batch1), ids
        # the current snapshot also answers VERSION AS OF
        assert self.spark.sql(f"SELECT count(*) FROM {self.table} VERSION AS OF {self.snap2}").first()[0] == \
            len(self.batch1) + len(self.batch2)
        return f"{earlier} (snapshot {self.snap1}): {len(self.batch1)} rows, {n} completed"

    def delta_version_as_of(self):
        self.delta = client.delta_customers(self.spark, f"s3a://{BUCKET}/delta/customers")
        ops = [op for _, op in self.delta["history"]]
        assert ops == ["CREATE TABLE", "WRITE", "UPDATE", "DELETE"], self.delta["history"]
        assert self.delta["v1"] == [(1, "Ada", "gold"), (2, "Grace", "silver"), (3, "Linus", "bronze"),
                                    (4, "Barbara", "silver")], self.delta["v1"]
        assert self.delta["current"] == [(1, "Ada", "gold"), (2, "Grace", "gold"), (4, "Barbara", "gold")]
        return f"history {self.delta['history']}; VERSION AS OF 1 has {len(self.delta['v1'])} rows"

    def delta_change_data_feed(self):
        changes = client.delta_changes(self.spark, 2)
        # v2 updated the two silver customers, v3 deleted customer 3
        expected = sorted([(2, "silver", "update_preimage", 2), (2, "gold", "update_postimage", 2),
                           (4, "silver", "update_preimage", 2), (4, "gold", "update_postimage", 2),
                           (3, "bronze", "delete", 3)])
        assert changes == expected, changes
        return f"table_changes from version 2: {len(changes)} change rows"

    def submit_task(self):
        sql = self.work / "task.sql"
        sql.write_text(
            f"CREATE OR REPLACE TABLE {client.CATALOG}.{client.SCHEMA}.order_status_counts USING iceberg AS\n"
            f"SELECT status, count(*) AS orders FROM {self.table} GROUP BY status;\n")
        env = self.engine_env("submit", LAKEHOUSE_SQL_FILE=str(sql), LAKEHOUSE_UI_PORT=str(self.ports["submit_ui"]),
                              LAKEHOUSE_APP_NAME="job-task-order-status-counts")
        out = subprocess.run([self.a.launcher, "submit"], env=env, capture_output=True, text=True, timeout=600)
        (self.work / "logs" / "submit.log").write_text(out.stdout + out.stderr)
        assert out.returncode == 0, out.stderr[-3000:]
        got = {r["status"]: r["orders"] for r in self.spark.sql(
            f"SELECT status, orders FROM {client.CATALOG}.{client.SCHEMA}.order_status_counts").collect()}
        exp: dict = {}
        for r in self.batch1 + self.batch2:
            exp[r[3]] = exp.get(r[3], 0) + 1
        assert got == exp, (got, exp)
        return f"SQL task submitted to the Cluster wrote {got}, read back over Spark Connect"

    def dbt_build(self):
        # Every HiveServer2 session starts with USE default in the default catalog: the sql role created that
        # schema when it started (sql-endpoint-start checks it); nothing is created here by hand.
        project, status, tests = self.run_dbt("dbt", self.ports["sql"], "analytics")
        # what dbt built is in the shared catalog, and it is right, seen over Spark Connect
        import csv

        raw = list(csv.DictReader(open(project / "seeds" / "raw_orders.csv")))
        exp: dict = {}
        for r in raw:
            if r["status"] == "completed":
                d = r["order_ts"][:10]
                n, rev = exp.get(d, (0, Decimal(0)))
                exp[d] = (n + 1, rev + Decimal(r["amount"]))
        got = {str(r["order_date"]): (r["completed_orders"], Decimal(r["revenue"])) for r in self.spark.sql(
            f"SELECT * FROM {client.CATALOG}.analytics.orders_daily").collect()}
        assert got == exp, (got, exp)
        self.facts["dbt_results"] = len(status)
        return f"dbt build: {len(status)} nodes ({len(tests)} tests) passed; orders_daily has {len(got)} days"

    def run_dbt(self, name: str, port: int, schema: str) -> tuple[Path, dict, list]:
        """`dbt build` of a copy of examples/dbt against the JDBC/Thrift endpoint on `port`; every node passes."""
        project = self.work / name
        shutil.copytree(REPO / "examples" / "dbt", project, ignore=shutil.ignore_patterns("target", "logs"))
        env = dict(os.environ, LAKEHOUSE_SQL_HOST="127.0.0.1", LAKEHOUSE_SQL_PORT=str(port),
                   DBT_SCHEMA=schema, DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                   DBT_TARGET_PATH=str(project / "target"), DBT_LOG_PATH=str(project / "logs"))
        out = subprocess.run([self.a.dbt, "build", "--profiles-dir", str(project), "--project-dir", str(project)],
                             env=env, capture_output=True, text=True, timeout=900, cwd=project)
        (self.work / "logs" / f"{name}.log").write_text(out.stdout + out.stderr)
        assert out.returncode == 0, out.stdout[-3000:]
        results = json.loads((project / "target" / "run_results.json").read_text())["results"]
        status = {r["unique_id"]: r["status"] for r in results}
        assert status and all(s in ("success", "pass") for s in status.values()), status
        assert any(k.startswith("model.") and k.endswith(".orders_daily") for k in status), status
        tests = [k for k in status if k.startswith("test.")]
        assert any(".positive_orders_daily_completed_orders" in t for t in tests), tests
        assert any(".not_null_orders_daily_" in t for t in tests), tests
        return project, status, tests

    # ----------------------------------------------------------------------------------------------- Warehouse
    # A Warehouse as the data path can have one: two engines of the sql role on the suite's master (its clusters,
    # e1 and e2, as the operator runs <warehouse>-1 and -2) behind the gateway (the launcher's gateway role) that
    # reads its backends from a file the suite writes (what the operator's routable rule would say), and wakes it
    # through <file>.wake.
    ENGINES = ("e1", "e2")

    def warehouse_engine(self, name: str) -> subprocess.Popen:
        return self.procs.start(name, [self.a.launcher, "sql"], env=self.engine_env(
            name, LAKEHOUSE_SQL_PORT=str(self.ports[f"{name}_sql"]),
            LAKEHOUSE_SQL_LOAD_PORT=str(self.ports[f"{name}_load"]), LAKEHOUSE_UI_PORT=str(self.ports[f"{name}_ui"]),
            LAKEHOUSE_SQL_MAX_CONCURRENT="4", LAKEHOUSE_APP_NAME=f"warehouse {name}"))

    def write_backends(self, routable: dict) -> None:
        """The gateway's backends file, replaced at once (written aside, then renamed)."""
        doc = {"backends": [{"name": n, "host": "127.0.0.1", "sqlPort": self.ports[f"{n}_sql"],
                             "connectPort": self.ports["no_connect"], "routable": ok} for n, ok in routable.items()]}
        tmp = self.backends.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc))
        tmp.rename(self.backends)

    def gateway_load(self) -> dict:
        return http_json(f"http://127.0.0.1:{self.ports['gw_metrics']}/load", timeout=5)

    def warehouse_gateway_start(self):
        """Starts e1 and e2 (they answer on JDBC and /load), then the gateway role in front of them."""
        assert self.a.gateway_home, "no gateway build (e2e/datapath/run builds gateway/)"
        # The engines need the worker's two executor slots: another application's idle executors would make them
        # wait (dbt for minutes), so fail clearly instead. They start here rather than during an earlier step's wait:
        # a Spark driver's start is CPU-heavy on two cores and slows the executors of the steps before.
        deadline = time.monotonic() + 150
        while holding := [(a["name"], a["cores"]) for a in self.master_state()["activeapps"] if a["cores"] > 0]:
            assert time.monotonic() < deadline, f"other applications still hold the worker's cores: {holding}"
            time.sleep(1)
        t0 = time.monotonic()
        engines = {n: self.warehouse_engine(n) for n in self.ENGINES}
        for n, p in engines.items():
            wait_port(self.ports[f"{n}_sql"], 300, p)
        engines_ms = int((time.monotonic() - t0) * 1000)
        for n in self.ENGINES:
            load = self.sql_load(self.ports[f"{n}_load"])
            assert load["sessions"] == 0 and load["running"] == 0, (n, load)
        self.backends = self.work / "warehouse" / "backends.json"
        self.backends.parent.mkdir()
        self.write_backends({n: True for n in self.ENGINES})
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "LAKEHOUSE_"))}
        env.update(LAKEHOUSE_GATEWAY_HOME=self.a.gateway_home, LAKEHOUSE_GATEWAY_BIND="127.0.0.1",
                   LAKEHOUSE_GATEWAY_BACKENDS=f"file:{self.backends}", LAKEHOUSE_SQL_PORT=str(self.ports["gw_sql"]),
                   LAKEHOUSE_CONNECT_PORT=str(self.ports["gw_connect"]),
                   LAKEHOUSE_GATEWAY_METRICS_PORT=str(self.ports["gw_metrics"]),
                   LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS="300", LAKEHOUSE_GATEWAY_JAVA_OPTS="-Xmx128m")
        self.gateway_env = env
        printed = subprocess.run([self.a.launcher, "print", "gateway"], env=env, capture_output=True, text=True,
                                 timeout=30)
        assert printed.returncode == 0 and "dev.lakehouse.gateway.GatewayMain" in printed.stdout, printed
        t1 = time.monotonic()
        gw = self.procs.start("gateway", [self.a.launcher, "gateway"], env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.ports['gw_metrics']}/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except Exception:
                pass
            assert gw.poll() is None and time.monotonic() < deadline, \
                (self.work / "logs" / "gateway.log").read_text()[-2000:]
            time.sleep(0.2)
        gateway_ms = int((time.monotonic() - t1) * 1000)
        load = self.gateway_load()
        assert load["waiting"] == 0 and load["wakeRequestsTotal"] == 0 and sum(load["sessions"].values()) == 0, load
        return (f"e1 and e2 started in {engines_ms} ms (their /load: no session); the gateway role "
                f"({printed.stdout.split()[0]} -cp {self.a.gateway_home}/*) ready in {gateway_ms} ms on "
                f"127.0.0.1:{self.ports['gw_sql']} with both engines routable: /load {load}")

    def warehouse_dbt_through_gateway(self):
        """dbt build through the gateway while a second client (PyHive) queries through it: the sessions land on
        both engines (each engine's /load and the gateway's)."""
        gw = self.ports["gw_sql"]
        stop, answers, errors = threading.Event(), [], []
        total = 499500  # sum(0..999)

        def second_client():
            try:
                conn = self.hive(gw)
                while not stop.is_set():
                    answers.append(self.run_async(conn, "SELECT sum(id) FROM range(0, 1000, 1, 2)")[0][0])
                conn.close()
            except Exception as e:
                errors.append(e)

        seen = {"gateway": [], **{n: 0 for n in self.ENGINES}}
        done = threading.Event()

        def sample():
            while not done.is_set():
                try:
                    for n in self.ENGINES:
                        seen[n] = max(seen[n], self.sql_load(self.ports[f"{n}_load"])["sessions"])
                    sessions = self.gateway_load()["sessions"]
                    if all(sessions.get(n, 0) > 0 for n in self.ENGINES) and not seen["gateway"]:
                        seen["gateway"] = sessions
                except Exception:
                    pass
                time.sleep(0.25)

        other = threading.Thread(target=second_client, name="second-client", daemon=True)
        sampler = threading.Thread(target=sample, daemon=True)
        t0 = time.monotonic()
        try:
            other.start()  # first: the gateway sends it to e1 (no sessions anywhere, ties go to the first name)
            self.wait_load(self.ports["e1_load"], "the second client on e1", lambda l: l["sessions"] == 1, 60)
            sampler.start()
            project, status, tests = self.run_dbt("dbt-gateway", gw, "analytics_wh")
        finally:
            took = time.monotonic() - t0
            done.set()
            stop.set()
            other.join(120)
            if sampler.is_alive():
                sampler.join(5)
        assert not errors, errors
        assert answers and all(a == total for a in answers), answers
        assert seen["e1"] >= 1 and seen["e2"] >= 1, seen
        assert seen["gateway"], f"the gateway never had sessions on both engines: {seen}"
        # what dbt built, read back through the gateway
        conn = self.hive(gw)
        cur = conn.cursor()
        cur.execute("SELECT CAST(order_date AS STRING), completed_orders, CAST(revenue AS STRING) "
                    f"FROM {client.CATALOG}.analytics_wh.orders_daily")
        got = {d: (n, Decimal(r)) for d, n, r in cur.fetchall()}
        conn.close()
        exp = self.expected_orders_daily(REPO / "examples" / "dbt")
        assert got == exp, (got, exp)
        load = self.gateway_load()
        return (f"dbt build through the gateway: {len(status)} nodes ({len(tests)} tests) passed in {took:.0f}s; "
                f"meanwhile the second client ran {len(answers)} queries through it, all right; sessions at most "
                f"e1 {seen['e1']}, e2 {seen['e2']} (engines' /load), gateway {seen['gateway']}; orders_daily read "
                f"back through the gateway ({len(got)} days); gateway /load now {load}")

    @staticmethod
    def percentiles(ms: list[float]) -> dict:
        xs = sorted(ms)

        def p(q: float) -> float:
            return round(xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))], 2)

        return {"n": len(xs), "p50_ms": p(0.50), "p90_ms": p(0.90), "p99_ms": p(0.99), "max_ms": round(xs[-1], 2),
                "mean_ms": round(sum(xs) / len(xs), 2)}

    def warehouse_benchmark(self):
        """SELECT 1 on one open session, 1000 times direct to e1 and 1000 times through the gateway (e1 its only
        routable backend, so both reach the same engine), interleaved in blocks of 100; then connections through
        the gateway for 10 s (connect, which with PyHive is OpenSession and USE `default`, SELECT 1, close), and
        directly for 5 s for reference."""
        self.write_backends({"e1": True, "e2": False})
        time.sleep(1.5)  # the gateway reads the file twice a second
        direct, via = self.hive(self.ports["e1_sql"]), self.hive(self.ports["gw_sql"])
        before = self.sql_load(self.ports["e1_load"])["sessions"]
        assert before >= 2, f"the gateway's session is not on e1: {before}"

        def timed(conn, n: int) -> list[float]:
            cur, out = conn.cursor(), []
            for _ in range(n):
                t = time.perf_counter()
                cur.execute("SELECT 1")
                assert cur.fetchall() == [(1,)]
                out.append((time.perf_counter() - t) * 1000)
            cur.close()
            return out

        for conn in (direct, via):  # the executor, the code paths, the JIT
            timed(conn, 20)
        d, g = [], []
        for _ in range(10):
            d += timed(direct, 100)
            g += timed(via, 100)
        direct.close()
        via.close()

        def connections(port: int, seconds: float) -> tuple[int, float, list[float]]:
            each, t0 = [], time.monotonic()
            while time.monotonic() - t0 < seconds:
                t = time.perf_counter()
                conn = self.hive(port)
                cur = conn.cursor()
                cur.execute("SELECT 1")
                assert cur.fetchall() == [(1,)]
                conn.close()
                each.append((time.perf_counter() - t) * 1000)
            return len(each), time.monotonic() - t0, each

        n_gw, s_gw, each_gw = connections(self.ports["gw_sql"], 10)
        n_d, s_d, each_d = connections(self.ports["e1_sql"], 5)
        deadline = time.monotonic() + 10
        while sum((load := self.gateway_load())["sessions"].values()) > 0:  # every connection closed
            assert time.monotonic() < deadline, load
            time.sleep(0.1)
        self.bench.update({
            "select1_queries": len(d),
            "select1_direct": self.percentiles(d),
            "select1_gateway": self.percentiles(g),
            "select1_gateway_overhead_p50_ms": round(self.percentiles(g)["p50_ms"] - self.percentiles(d)["p50_ms"], 2),
            "connections_gateway": n_gw,
            "connections_gateway_seconds": round(s_gw, 1),
            "connections_per_second_gateway": round(n_gw / s_gw, 1),
            "connection_cycle_gateway": self.percentiles(each_gw),
            "connections_per_second_direct": round(n_d / s_d, 1),
            "connection_cycle_direct": self.percentiles(each_d),
        })
        self.write_backends({n: True for n in self.ENGINES})
        b = self.bench
        return (f"SELECT 1 x{len(d)}: direct p50 {b['select1_direct']['p50_ms']} ms p99 "
                f"{b['select1_direct']['p99_ms']} ms, through the gateway p50 {b['select1_gateway']['p50_ms']} ms p99 "
                f"{b['select1_gateway']['p99_ms']} ms; connections through the gateway "
                f"{b['connections_per_second_gateway']}/s ({n_gw} in {s_gw:.1f}s; direct "
                f"{b['connections_per_second_direct']}/s); gateway /load {load}")

    def warehouse_wake(self):
        """Both engines stopped and unroutable: a client's connection waits in the gateway, which writes
        <backends>.wake; the suite (as the operator would) starts e1 and makes it routable; the client's query
        returns. wake_ms: from the client's connection attempt to its first result."""
        for n in self.ENGINES:
            self.procs.stop(n)
        self.write_backends({n: False for n in self.ENGINES})
        wake = Path(str(self.backends) + ".wake")
        wake.unlink(missing_ok=True)
        time.sleep(1.5)
        before = self.gateway_load()
        result: dict = {}

        def user():
            t0 = time.monotonic()
            try:
                conn = self.hive(self.ports["gw_sql"])
                cur = conn.cursor()
                cur.execute("SELECT 1")
                result["rows"] = cur.fetchall()
                result["wake_ms"] = int((time.monotonic() - t0) * 1000)
                conn.close()
            except Exception as e:
                result["error"] = e

        t0 = time.monotonic()
        u = threading.Thread(target=user, name="waking-client", daemon=True)
        u.start()
        deadline = t0 + 30
        while not wake.exists():
            assert time.monotonic() < deadline and u.is_alive(), f"no {wake.name} after 30s: {self.gateway_load()}"
            time.sleep(0.1)
        wake_file_ms = int((time.monotonic() - t0) * 1000)
        requested = wake.read_text().strip()
        held = self.gateway_load()
        assert held["waiting"] == 1, held
        assert u.is_alive(), result
        t1 = time.monotonic()
        e1 = self.warehouse_engine("e1")  # the operator's part: start the Warehouse's cluster
        wait_port(self.ports["e1_sql"], 300, e1)
        engine_ms = int((time.monotonic() - t1) * 1000)
        self.write_backends({"e1": True, "e2": False})  # Ready, so routable
        u.join(300)
        assert not u.is_alive() and "error" not in result, result
        assert result["rows"] == [(1,)], result
        after = self.gateway_load()
        assert after["waiting"] == 0 and after["wakeRequestsTotal"] > before["wakeRequestsTotal"], (before, after)
        assert after["wakeTimeoutsTotal"] == 0, after
        self.bench.update({"wake_ms": result["wake_ms"], "wake_file_after_ms": wake_file_ms,
                           "wake_engine_start_ms": engine_ms})
        # the Warehouse stops: nothing of it holds executors for the steps after this one
        for n in ("gateway", "e1"):
            self.procs.stop(n)
        return (f"the client waited in the gateway (waiting {held['waiting']}); {wake.name} after {wake_file_ms} ms "
                f"({requested}); e1 started in {engine_ms} ms and made routable; SELECT 1 answered: wake_ms "
                f"{result['wake_ms']}; gateway /load {after}")

    def write_benchmark(self) -> None:
        import importlib.metadata as md

        out = REPO / "e2e" / "target" / "benchmarks" / "warehouse.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        b = dict(self.bench, finished=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                 engine="Spark Thrift server (launcher sql role), same master, one worker",
                 client=f"PyHive {md.version('pyhive')}, 127.0.0.1")
        out.write_text(json.dumps(b, indent=2) + "\n")
        rows = [("measure", "direct", "gateway")]
        for k in ("p50_ms", "p90_ms", "p99_ms", "mean_ms"):
            if "select1_direct" in b:
                rows.append((f"SELECT 1 {k} (1 session)", b["select1_direct"][k], b["select1_gateway"][k]))
        if "connections_per_second_gateway" in b:
            rows.append(("connections/s (open, SELECT 1, close)", b["connections_per_second_direct"],
                         b["connections_per_second_gateway"]))
            rows.append(("connection cycle p50_ms", b["connection_cycle_direct"]["p50_ms"],
                         b["connection_cycle_gateway"]["p50_ms"]))
        if "wake_ms" in b:
            rows.append(("wake_ms (stopped Warehouse, connect to first result)", "", b["wake_ms"]))
        width = max(len(r[0]) for r in rows)
        print("\n".join(f"{r[0]:<{width}}  {str(r[1]):>10}  {str(r[2]):>10}" for r in rows), flush=True)
        log(f"benchmark: {out}")

    # ---------------------------------------------------------------------------------------------- Job tasks
    # Each task of examples/datapath/job.yaml as the Job controller would run it: RenderTaskJob builds the attempt's
    # batch Job with the operator's TaskJobs, and the suite runs that container's args and environment with the
    # launcher (the image's entrypoint) against this engine, catalog and store. Only the Kubernetes wiring differs:
    # the master's address, the configuration and Secrets directories (the pod's mounts) and the attempt's files
    # directory map to this machine, and Secret-valued variables come from the mounted Secret files.
    TASK_RUN = "datapath-orders-202601060030"
    TASK_SCHEDULED = "2026-01-05T23:30:00Z"  # 00:30 on 6 January in Europe/Paris, the schedule's zone
    TASK_RUN_DATE = "2026-01-06"
    POD_WIRING = {"LAKEHOUSE_MASTER_URL": "spark://datapath-driver.analytics.svc:7077",
                  "SPARK_CONF_DIR": "/etc/lakehouse/conf", "LAKEHOUSE_SECRETS_DIR": "/etc/lakehouse/secrets"}
    FILES_DIR = "/etc/lakehouse/task"

    def task_jobs_render(self):
        """Compiles and uploads the example Job's programs, then renders every task's batch Job and checks what the
        Job controller would apply: one attempt never retried by Kubernetes, owned by the run, the engine's pod
        with the Cluster's configuration and Secrets, credentials only as Secret references."""
        tasks = self.work / "tasks"
        shutil.copytree(REPO / "examples" / "datapath" / "tasks", tasks)
        jars = f"{self.a.spark_home}/jars/*"
        for src, jar, cp in (("MonteCarlo.java", "monte-carlo.jar", jars),
                             ("PiTask.java", "pi-task.jar", f"{jars}:{tasks / 'monte-carlo'}")):
            classes = tasks / jar.removesuffix(".jar")
            subprocess.run(["javac", "--release", "17", "-nowarn", "-cp", cp, "-d", str(classes), str(tasks / src)],
                           check=True, capture_output=True, text=True, timeout=180)
            subprocess.run(["jar", "--create", "--file", str(tasks / jar), "-C", str(classes), "."], check=True,
                           capture_output=True, timeout=60)
        # the PiTask jar must not carry the library's class: the executors get it from the library jar
        listing = subprocess.run(["jar", "tf", str(tasks / "pi-task.jar")], capture_output=True, text=True).stdout
        assert "MonteCarlo" not in listing, listing
        s3 = self.s3()
        for name in ("status_report.sql", "pi-task.jar", "monte-carlo.jar"):
            s3.upload_file(str(tasks / name), BUCKET, f"jobs/{name}")
        # the suite's own tasks: a Python library (a wheel made here, no index needed) and a task that fails
        wheel = self.make_wheel(tasks)
        (tasks / "python_packages_task.py").write_text(PYTHON_PACKAGES_TASK)
        job = yaml.safe_load((REPO / "examples" / "datapath" / "job.yaml").read_text())
        for t in job["spec"]["tasks"]:
            if t["key"] == "large-orders":  # a .py in the suite's work dir
                t["sparkPython"]["pythonFile"] = f"local://{tasks / 'large_orders.py'}"
            if t["key"] == "orders-daily":  # the image's /opt/lakehouse/dbt/orders is this repository's project
                t["dbt"]["project"] = str(REPO / "examples" / "dbt")
        job["spec"]["tasks"] += [
            {"key": "python-packages", "sparkPython": {"pythonFile": f"local://{tasks / 'python_packages_task.py'}"},
             "libraries": [{"whl": f"file://{wheel}"}]},
            {"key": "bad-sql", "sql": {"query": "CREATE TABLE IF NOT EXISTS lakehouse.jobs.before_error (x INT) "
                                                "USING iceberg;\nSELEC oops FROM nowhere;\n"
                                                "CREATE TABLE lakehouse.jobs.after_error (x INT) USING iceberg;\n"}},
        ]
        manifest = self.work / "manifests" / "job.yaml"
        manifest.write_text(yaml.safe_dump(job))
        self.task_renders = {}
        summary = []
        for t in job["spec"]["tasks"]:
            out = self.work / "task-jobs" / t["key"]
            p = subprocess.run(
                ["java", "-cp", self.a.tools_classpath, "dev.lakehouse.datapath.RenderTaskJob",
                 "--workspace", str(self.work / "manifests" / "workspace.yaml"),
                 "--cluster", str(self.work / "manifests" / "cluster.yaml"), "--job", str(manifest),
                 "--task", t["key"], "--out", str(out),
                 "--runtime-table", str(REPO / "crds/src/main/resources/dev/lakehouse/runtimes.properties"),
                 "--run", self.TASK_RUN, "--trigger", "Schedule", "--scheduled-time", self.TASK_SCHEDULED],
                capture_output=True, text=True, timeout=120)
            assert p.returncode == 0, f"RenderTaskJob {t['key']}: {p.stderr[-2000:]}"
            r = json.loads(p.stdout.strip().splitlines()[-1])
            r["manifest"] = yaml.safe_load((out / "job.yaml").read_text())
            self.task_renders[t["key"]] = r
            self.check_task_job(t, r, out)
            summary.append(f"{t['key']}: {' '.join(r['args'])}")
        return "; ".join(summary)

    def check_task_job(self, task: dict, r: dict, out: Path) -> None:
        batch = r["manifest"]
        spec, pod = batch["spec"], batch["spec"]["template"]["spec"]
        assert batch["apiVersion"] == "batch/v1" and batch["kind"] == "Job", batch
        assert spec["backoffLimit"] == 0 and pod["restartPolicy"] == "Never", spec
        assert spec.get("activeDeadlineSeconds") == (task.get("timeoutSeconds") or None), spec
        assert "ttlSecondsAfterFinished" not in spec, spec
        owner = batch["metadata"]["ownerReferences"]
        assert [(o["kind"], o["name"], o["controller"]) for o in owner] == [("JobRun", self.TASK_RUN, True)], owner
        labels = batch["metadata"]["labels"]
        assert labels["lakehouse.dev/job"] == "datapath-orders" and labels["lakehouse.dev/task"] == task["key"] and \
            labels["lakehouse.dev/run"] == self.TASK_RUN and labels["lakehouse.dev/attempt"] == "1", labels
        pod_labels = batch["spec"]["template"]["metadata"]["labels"]
        assert pod_labels["lakehouse.dev/cluster"] == "datapath" and pod_labels["lakehouse.dev/role"] == "task", \
            pod_labels
        # the restricted profile
        assert pod["securityContext"]["runAsNonRoot"] and \
            pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", pod["securityContext"]
        c = pod["containers"][0]["securityContext"]
        assert c["allowPrivilegeEscalation"] is False and c["capabilities"]["drop"] == ["ALL"] and \
            c["readOnlyRootFilesystem"], c
        # the Cluster's configuration and Secrets, as the engine's pods have them
        assert r["mounts"]["/etc/lakehouse/conf"] == "configMap:datapath-config", r["mounts"]
        for name, wired in self.POD_WIRING.items():
            assert r["env"][name] == wired, (name, r["env"].get(name))
        refs = (self.conf_dir / "secret-env.refs").read_text()
        for name, source in r["valueFrom"].items():
            if source.startswith("secret:"):
                assert f"{name}={source.removeprefix('secret:')}" in refs, (name, source)
            else:
                assert source == "field:status.podIP" and name == "POD_IP", (name, source)
        assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= set(r["valueFrom"]), r["valueFrom"]
        for f in out.rglob("*"):
            if f.is_file():
                text = f.read_text()
                assert self.secret_key not in text and self.access_key not in text, f"a key in {f}"
        assert r["args"][0] == "submit", r["args"]
        assert r["env"]["LAKEHOUSE_PARAM_REGION"] == "emea", r["env"]
        assert r["env"]["LAKEHOUSE_RUN"] == self.TASK_RUN and r["env"]["LAKEHOUSE_TASK"] == task["key"], r["env"]

    def run_task(self, key: str, timeout: float = 600) -> subprocess.CompletedProcess:
        """Runs the rendered container's command: `lakehouse-launcher <args>` with its environment."""
        r = self.task_renders[key]
        env = self.engine_env(f"task-{key}", LAKEHOUSE_UI_PORT=str(self.ports["submit_ui"]),
                              PYSPARK_PYTHON=self.a.task_python,  # the image's ENV
                              HOME="/nonexistent-home")  # as in the image: the user's home is read-only
        for name, value in r["env"].items():
            if name in self.POD_WIRING:
                continue  # this machine's master, configuration and Secrets directories (engine_env)
            if value.startswith(self.FILES_DIR):
                value = r["filesDir"] + value[len(self.FILES_DIR):]
            env[name] = value
        t0 = time.monotonic()
        p = subprocess.run([self.a.launcher] + r["args"], env=env, capture_output=True, text=True, timeout=timeout)
        p.seconds = time.monotonic() - t0
        (self.work / "logs" / f"task-{key}.log").write_text(
            f"$ lakehouse-launcher {' '.join(r['args'])}\nexit {p.returncode}\n--- stdout\n{p.stdout}\n"
            f"--- stderr\n{p.stderr}")
        return p

    def task_sql_inline(self):
        p = self.run_task("load-orders")
        assert p.returncode == 0, p.stderr[-3000:]
        # spark-sql printed the last statement's rows: the day's orders per status
        assert "cancelled\t1\t80.25" in p.stdout and "completed\t3\t219.60" in p.stdout, p.stdout[-2000:]
        rows = sorted(tuple(r) for r in self.spark.sql(
            "SELECT order_id, region, CAST(amount AS STRING), status, CAST(run_date AS STRING) "
            "FROM lakehouse.jobs.orders").collect())
        d = self.TASK_RUN_DATE
        assert rows == [(1, "emea", "120.50", "completed", d), (2, "emea", "35.00", "completed", d),
                        (3, "emea", "80.25", "cancelled", d), (4, "emea", "64.10", "completed", d)], rows
        return (f"inline SQL ({{{{run.date}}}} = {d}, {{{{parameters.region}}}} = emea) wrote lakehouse.jobs.orders "
                f"(Iceberg) in {p.seconds:.0f}s; {len(rows)} rows read back over Spark Connect")

    def task_sql_file(self):
        p = self.run_task("status-report")
        assert p.returncode == 0, p.stderr[-3000:]
        got = sorted(tuple(r) for r in self.spark.sql(
            "SELECT CAST(run_date AS STRING), status, orders, CAST(revenue AS STRING) "
            "FROM lakehouse.jobs.status_report").collect())
        d = self.TASK_RUN_DATE
        assert got == [(d, "cancelled", 1, "80.25"), (d, "completed", 3, "219.60")], got
        assert f"{d}\tcompleted\t3\t219.60" in p.stdout, p.stdout[-2000:]
        return (f"spark-sql -f {self.task_renders['status-report']['env']['LAKEHOUSE_SQL_FILE']} (read through S3A) "
                f"wrote lakehouse.jobs.status_report in {p.seconds:.0f}s: {got}")

    def task_spark_python(self):
        p = self.run_task("large-orders")
        assert p.returncode == 0, p.stderr[-3000:]
        assert f"large-orders: 3 orders of at least 60.0 on {self.TASK_RUN_DATE}" in p.stdout, p.stdout[-2000:]
        # read back from outside the engine: the data files the Delta log names, from the store (a Delta read over
        # Spark Connect would leave Delta's table state cached on its executors for the steps after this one)
        rows = sorted(self.delta_rows("delta/large_orders", ["order_id", "region_param"]))
        assert rows == [(1, "emea"), (3, "emea"), (4, "emea")], rows
        return (f"{' '.join(self.task_renders['large-orders']['args'][1:])}: Delta table of {len(rows)} rows "
                f"in {p.seconds:.0f}s, its log and Parquet files read back from the store "
                f"(LAKEHOUSE_PARAM_REGION reached the program)")

    def delta_rows(self, prefix: str, columns: list[str]) -> list[tuple]:
        """The rows of a Delta table's current version, read with boto3 and pyarrow: the log's add and remove
        actions in order, then the Parquet files that are left."""
        import io
        import urllib.parse

        import pyarrow.parquet as pq

        s3 = self.s3()
        commits = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/_delta_log/")
                         .get("Contents", []) if o["Key"].endswith(".json"))
        assert commits, f"no Delta log under {prefix}"
        files: set[str] = set()
        for key in commits:
            for line in s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode().splitlines():
                action = json.loads(line)
                if "add" in action:
                    files.add(urllib.parse.unquote(action["add"]["path"]))
                elif "remove" in action:
                    files.discard(urllib.parse.unquote(action["remove"]["path"]))
        rows: list[tuple] = []
        for f in sorted(files):
            data = s3.get_object(Bucket=BUCKET, Key=f"{prefix}/{f}")["Body"].read()
            table = pq.read_table(io.BytesIO(data), columns=columns)
            rows += list(zip(*(table.column(c).to_pylist() for c in columns)))
        return rows

    def task_python_libraries(self):
        p = self.run_task("python-packages")
        assert p.returncode == 0, p.stderr[-3000:]
        assert "driver: hello driver from the task library" in p.stdout, p.stdout[-2000:]
        assert "executors: ['hello executor 0 from the task library', 'hello executor 1 from the task library', " \
            "'hello executor 2 from the task library', 'hello executor 3 from the task library']" in p.stdout, \
            p.stdout[-2000:]
        assert "installing the Python packages" in p.stderr, p.stderr[-2000:]
        return (f"a wheel library (libraries: whl) installed for the task: imported on the driver and in 4 "
                f"executor tasks (--py-files) in {p.seconds:.0f}s")

    def task_spark_jar(self):
        p = self.run_task("pi")
        assert p.returncode == 0, p.stderr[-3000:]
        m = re.search(r"Pi is roughly ([0-9.]+)", p.stdout)
        assert m and abs(float(m.group(1)) - 3.14159) < 0.01, p.stdout[-2000:]
        rows = [tuple(r) for r in self.spark.sql(
            "SELECT CAST(run_date AS STRING), slices, pi FROM lakehouse.jobs.pi").collect()]
        assert len(rows) == 1 and rows[0][:2] == (self.TASK_RUN_DATE, 8) and abs(rows[0][2] - 3.14159) < 0.01, rows
        conf = [a for a in self.task_renders["pi"]["args"] if a.startswith("spark.jars=")]
        assert conf == ["spark.jars=s3a://lakehouse/jobs/monte-carlo.jar"], self.task_renders["pi"]["args"]
        return (f"{' '.join(self.task_renders['pi']['args'][1:])}: pi {m.group(1)} in {p.seconds:.0f}s (main jar and "
                f"library jar from S3, the library on the executors), read back over Spark Connect: {rows}")

    def task_dbt(self):
        p = self.run_task("orders-daily", timeout=900)
        assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
        project = self.work / "engine" / "task-orders-daily" / "dbt" / "project"
        results = json.loads((project / "target" / "run_results.json").read_text())
        status = {r["unique_id"]: r["status"] for r in results["results"]}
        assert status and all(s in ("success", "pass") for s in status.values()), status
        tests = [k for k in status if k.startswith("test.")]
        assert any(k.startswith("model.") and k.endswith(".orders_daily") for k in status), status
        # the run's parameters reached dbt as --vars
        assert results["args"]["vars"] == {"min_amount": "60", "region": "emea"}, results["args"].get("vars")
        got = {str(r["order_date"]): (r["completed_orders"], Decimal(r["revenue"])) for r in self.spark.sql(
            f"SELECT * FROM {client.CATALOG}.analytics_jobs.orders_daily").collect()}
        exp = self.expected_orders_daily(REPO / "examples" / "dbt")
        assert got == exp, (got, exp)
        # dbt ran its commands in the task's own driver (PySpark's runner merges the program's stderr into
        # stdout), with the run's parameters as --vars
        assert "lakehouse-launcher: dbt build --vars" in p.stdout, p.stdout[-2000:]
        return (f"dbt build in the task's driver (dbt-spark session method): {len(status)} nodes ({len(tests)} tests) "
                f"passed in {p.seconds:.0f}s, vars {results['args']['vars']}; analytics_jobs.orders_daily has "
                f"{len(got)} days, read back over Spark Connect")

    def task_fails(self):
        p = self.run_task("bad-sql")
        # Spark's failure, through the launcher: non-zero, and not the launcher's own refusal (2)
        assert p.returncode not in (0, 2), (p.returncode, p.stderr[-2000:])
        assert "PARSE_SYNTAX_ERROR" in p.stderr or "Syntax error" in p.stderr, p.stderr[-2000:]
        tables = {r["tableName"] for r in self.spark.sql("SHOW TABLES IN lakehouse.jobs").collect()}
        # the statements before the bad one ran, none after it
        assert "before_error" in tables and "after_error" not in tables, tables
        return f"bad SQL: exit {p.returncode} in {p.seconds:.0f}s, stopped at the failing statement ({sorted(tables)})"

    @staticmethod
    def expected_orders_daily(project: Path) -> dict:
        import csv

        exp: dict = {}
        for r in csv.DictReader(open(project / "seeds" / "raw_orders.csv")):
            if r["status"] == "completed":
                d = r["order_ts"][:10]
                n, rev = exp.get(d, (0, Decimal(0)))
                exp[d] = (n + 1, rev + Decimal(r["amount"]))
        return exp

    @staticmethod
    def make_wheel(directory: Path) -> Path:
        """A pure-Python wheel of one module, written by hand (a wheel is a zip with its metadata)."""
        import base64
        import hashlib
        import zipfile

        name, version = "lakehouse_task_helper", "1.0"
        info = f"{name}-{version}.dist-info"
        files = {
            f"{name}/__init__.py": "def greeting(who):\n    return f'hello {who} from the task library'\n",
            f"{info}/METADATA": f"Metadata-Version: 2.1\nName: lakehouse-task-helper\nVersion: {version}\n",
            f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: lakehouse-datapath\nRoot-Is-Purelib: true\n"
                             "Tag: py3-none-any\n",
        }
        record = []
        for path, text in files.items():
            digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(text.encode())}")
        record.append(f"{info}/RECORD,,")
        files[f"{info}/RECORD"] = "\n".join(record) + "\n"
        wheel = directory / f"{name}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as z:
            for path, text in files.items():
                z.writestr(path, text)
        return wheel

    # ------------------------------------------------------------------------------------------------ outside
    def store_lists_objects(self):
        s3 = self.s3()
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            keys += [o["Key"] for o in page.get("Contents", [])]
        iceberg = [k for k in keys if k.startswith("iceberg/") and "orders" in k]
        assert any(k.endswith(".parquet") for k in iceberg), iceberg
        assert any(k.endswith(".metadata.json") for k in iceberg), iceberg
        delta_log = sorted(k for k in keys if k.startswith("delta/customers/_delta_log/") and k.endswith(".json"))
        assert [k.rsplit("/", 1)[1] for k in delta_log] == [f"{v:020d}.json" for v in range(4)], delta_log
        delta_cdc = [k for k in keys if k.startswith("delta/customers/_change_data/")]
        assert delta_cdc, "no change data files"
        return (f"{len(keys)} objects in s3://{BUCKET}: {len(iceberg)} of the Iceberg orders table, "
                f"{len(delta_log)} Delta commits, {len(delta_cdc)} change-data files")

    def catalog_rest_shows_table(self):
        base = f"http://127.0.0.1:{self.ports['nessie']}/iceberg/v1"
        prefix = http_json(f"{base}/config")["defaults"]["prefix"]
        ns = http_json(f"{base}/{prefix}/namespaces")
        assert [client.SCHEMA] in ns["namespaces"], ns
        tables = http_json(f"{base}/{prefix}/namespaces/{client.SCHEMA}/tables")
        names = sorted(t["name"] for t in tables["identifiers"])
        assert "orders" in names, names
        meta = http_json(f"{base}/{prefix}/namespaces/{client.SCHEMA}/tables/orders")
        md = meta["metadata"]
        assert md["current-snapshot-id"] == self.snap2, (md["current-snapshot-id"], self.snap2)
        assert meta["metadata-location"].startswith(f"s3://{BUCKET}/iceberg/"), meta["metadata-location"]
        # the catalog's own API: the table at the first load's commit is an earlier metadata file
        api = f"http://127.0.0.1:{self.ports['nessie']}/api/v2/trees"
        now = http_json(f"{api}/main/contents/{client.SCHEMA}.orders")["content"]
        then = http_json(f"{api}/main@{self.commit1}/contents/{client.SCHEMA}.orders")["content"]
        assert now["type"] == "ICEBERG_TABLE" and now["metadataLocation"] == meta["metadata-location"], now
        assert then["snapshotId"] == self.snap1 and then["metadataLocation"] != now["metadataLocation"], then
        return (f"Nessie REST lists {names} in {client.SCHEMA}; orders at snapshot {md['current-snapshot-id']}, "
                f"at commit {self.commit1[:12]} snapshot {then['snapshotId']}")

    # ---------------------------------------------------------------------------------------------- autoscaler
    def spark_load(self) -> dict:
        """What the operator's autoscaler reads from the engine: the ReadSparkLoad CLI over its SparkRestLoad."""
        out = subprocess.run(
            ["java", "-cp", self.a.tools_classpath, "dev.lakehouse.datapath.ReadSparkLoad",
             f"http://127.0.0.1:{self.ports['master_ui']}", f"http://127.0.0.1:{self.ports['connect_ui']}"],
            capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"ReadSparkLoad exited {out.returncode}: {out.stderr[-1000:]}"
        return json.loads(out.stdout)

    @staticmethod
    def sleep_sql(tasks: int, sleep_ms: int) -> str:
        """A query of `tasks` one-row partitions that each sleep, summed (a shuffle, as most SQL has)."""
        return (f"SELECT sum(id) FROM range(0, {tasks}, 1, {tasks}) "
                f"WHERE reflect('java.lang.Thread', 'sleep', CAST({sleep_ms} AS BIGINT)) = 'null'")  # void -> 'null'

    def slow_job(self, tasks: int, sleep_ms: int) -> tuple[threading.Thread, dict]:
        """A job of `tasks` one-row partitions that each sleep, run over Spark Connect in the background."""
        sql = self.sleep_sql(tasks, sleep_ms)
        result: dict = {}

        def run():
            try:
                result["sum"] = self.spark.sql(sql).first()[0]
            except Exception as e:  # reported by the step that waits for it
                result["error"] = e
            result["ended"] = time.monotonic()

        t = threading.Thread(target=run, name="slow-job", daemon=True)
        t.start()
        return t, result

    @staticmethod
    def job_done(t: threading.Thread, result: dict, tasks: int, timeout: float) -> None:
        t.join(timeout)
        assert not t.is_alive(), f"the job did not finish in {timeout:.0f}s"
        assert "error" not in result, result.get("error")
        assert result["sum"] == tasks * (tasks - 1) // 2, result

    def master_state(self) -> dict:
        return http_json(f"http://127.0.0.1:{self.ports['master_ui']}/json/")

    def granted(self, name: str) -> int:
        """Cores the standalone master has granted the running application `name` now. Spark 3.5's /json/ writes
        an application's coresGranted as "cores"."""
        return sum(a["cores"] for a in self.master_state()["activeapps"] if a["name"] == name)

    def seconds(self, prop: str) -> float:
        """A rendered time property in seconds (Spark's 60s, 2min, 500ms); infinite when not rendered."""
        v = self.defaults.get(prop)
        if v is None:
            return float("inf")
        m = re.fullmatch(r"(\d+)(ms|s|min|h)?", v.strip())
        assert m, (prop, v)
        return int(m.group(1)) * {"ms": 0.001, "s": 1, "min": 60, "h": 3600, None: 1}[m.group(2)]

    def autoscaler_reads_spark_load(self):
        cores = int(self.launcher_env["LAKEHOUSE_WORKER_CORES"])
        # No spark.cores.max any more: with dynamic allocation the application may take every core of the worker
        # (two executors of half a worker), and it asks for executors only after a second of backlog. Six waves of
        # the worker's cores (24 tasks of 1.5 s on 4 cores, at least 9 s) keep a backlog well past that ramp-up,
        # as the 12 tasks on the 1 core of the former workaround did.
        tasks = 6 * cores
        t, result = self.slow_job(tasks, 1500)
        busy, deadline = None, time.monotonic() + 60
        while busy is None:  # a read with a running task, a backlog, and a completed task to average
            assert t.is_alive() and time.monotonic() < deadline, "never saw running, pending and completed tasks"
            load = self.spark_load()
            if load["runningTasks"] > 0 and load["pendingTasks"] > 0 and load["meanTaskMillis"] > 0:
                busy = load
            time.sleep(0.5)
        workers = busy["workers"]
        assert len(workers) == 1 and workers[0]["state"] == "ALIVE" and workers[0]["cores"] == cores, workers
        assert workers[0]["coresUsed"] > 0, workers
        # the application's running tasks fit in the cores its executors hold on the worker
        assert busy["runningTasks"] <= workers[0]["coresUsed"], busy
        assert busy["lastActivity"] == busy["observedAt"], busy  # a running job: activity is now
        assert 1500 <= busy["meanTaskMillis"] < 15000, busy  # every task sleeps 1.5 s
        self.job_done(t, result, tasks, 120)
        after = self.spark_load()
        assert after["runningTasks"] == 0 and after["pendingTasks"] == 0, after
        assert after["lastActivity"] is not None and after["lastActivity"] <= after["observedAt"], after
        return (f"{tasks} tasks of 1.5 s on a {cores}-core worker: running {busy['runningTasks']}, pending "
                f"{busy['pendingTasks']}, mean task {busy['meanTaskMillis']} ms, worker "
                f"{workers[0]['coresUsed']}/{workers[0]['cores']} cores used; after: running 0, pending 0, "
                f"last activity {after['lastActivity']}")

    def idle_engine_gives_executors_back(self):
        """Dynamic allocation as rendered: after its work, an idle Spark Connect server holds its executors for the
        idle timeout and then gives them back to the master (granted cores 0), and so does every idle application:
        the worker is free for the next one. Its executors hold what makes Spark keep an executor beyond the idle
        timeout unless told otherwise: shuffle files (the job sums, as most SQL does) and cached blocks (Delta
        caches a table's state when it reads the table); the rendered shuffleTracking.timeout and
        cachedExecutorIdleTimeout let them go."""
        app = "Spark Connect server"
        idle = self.seconds("spark.dynamicAllocation.executorIdleTimeout")
        timeout = max(idle, self.seconds("spark.dynamicAllocation.shuffleTracking.timeout"),
                      self.seconds("spark.dynamicAllocation.cachedExecutorIdleTimeout"))
        assert timeout < 600, f"executors with shuffle files or cached blocks are never idle: {self.defaults}"
        tasks = 2 * int(self.defaults["spark.executor.cores"])
        t, result = self.slow_job(tasks, 1000)
        self.job_done(t, result, tasks, 120)
        rows = sorted(tuple(r) for r in self.spark.sql("SELECT id, name, tier FROM spark_catalog.crm.customers")
                      .collect())
        assert rows == self.delta["current"], rows
        ended = time.monotonic()
        held = self.granted(app)
        assert held > 0, "the job ran, yet the Spark Connect server holds no executor"
        driver = f"http://127.0.0.1:{self.ports['connect_ui']}/api/v1/applications"
        app_id = http_json(driver)[0]["id"]
        cached = sum(e["rddBlocks"] for e in http_json(f"{driver}/{app_id}/executors") if e["id"] != "driver")
        assert cached > 0, "no cached block on the executors (Delta's table state)"
        # An executor that hands shuffle files to a peer before it exits checks every 30 s whether more came
        # (spark.storage.decommission.replicationReattemptInterval): allow one such round and some slack.
        deadline = ended + timeout + 45
        while (cores := self.granted(app)) > 0:
            assert time.monotonic() < deadline, \
                f"{app} still holds {cores} cores {time.monotonic() - ended:.0f}s after its job"
            time.sleep(1)
        released = time.monotonic() - ended
        # given back by the idle timeout, not before (Spark counts it from the last task, a little before the
        # client has the result)
        assert released >= idle - 5, released
        master = self.master_state()
        used = [(w["host"], w["coresused"]) for w in master["workers"] if w["state"] == "ALIVE"]
        holding = [(a["name"], a["cores"]) for a in master["activeapps"] if a["cores"] > 0]
        assert all(u == 0 for _, u in used) and not holding, (used, holding)
        return (f"{app} held {held} cores ({cached} cached blocks, shuffle files) after its work and gave them back "
                f"{released:.0f}s later (idle timeout {idle:.0f}s); no application holds a core, workers {used}")

    def two_applications_share_one_cluster(self):
        """With the rendered defaults (no spark.cores.max, executors of half a worker, dynamic allocation), a Job
        task submitted with the launcher's submit role gets executors and runs while a Spark Connect job runs on
        the same Cluster. Evidence from the master's /json/ (both applications granted cores at one instant, the
        Spark Connect query in flight) and the worker's /json/ (executors of both on it), then both finish."""
        connect, task = "Spark Connect server", "job-task-shared-cluster"
        master = f"http://127.0.0.1:{self.ports['master_ui']}/json/"
        worker = f"http://127.0.0.1:{self.ports['worker_ui']}/json/"
        # The interactive side: back-to-back queries of one executor's worth of tasks (4 s each), until the task
        # has finished; each query's result is checked. A query that wanted the whole worker would keep it until
        # its executors idle out (no preemption between applications in standalone mode).
        per = int(self.defaults["spark.executor.cores"])
        stop, rounds, in_flight = threading.Event(), [], threading.Event()

        def interactive():
            while not stop.is_set():
                in_flight.set()
                try:
                    rounds.append(self.spark.sql(self.sleep_sql(per, 4000)).first()[0])
                except Exception as e:
                    rounds.append(e)
                    return
                finally:
                    in_flight.clear()

        loop = threading.Thread(target=interactive, name="interactive", daemon=True)
        loop.start()
        try:
            deadline = time.monotonic() + 120
            while self.granted(connect) == 0:  # the Spark Connect job has its executor
                assert loop.is_alive() and time.monotonic() < deadline, f"Spark Connect got no executor: {rounds}"
                time.sleep(0.5)
            # the Job task: 4 tasks of 3 s through `lakehouse-launcher submit`, as a Job's task pod runs it
            sql = self.work / "shared-task.sql"
            sql.write_text(self.sleep_sql(4, 3000) + ";\n")
            env = self.engine_env("submit-shared", LAKEHOUSE_SQL_FILE=str(sql), LAKEHOUSE_APP_NAME=task,
                                  LAKEHOUSE_UI_PORT=str(self.ports["submit_ui"]))
            out = open(self.work / "logs" / "submit-shared.log", "w")
            t0 = time.monotonic()
            p = subprocess.Popen([self.a.launcher, "submit"], env=env, stdout=subprocess.PIPE, stderr=out, text=True)
            both, registered = None, None
            while p.poll() is None:
                assert time.monotonic() - t0 < 300, "the task did not finish in 300s"
                querying = in_flight.is_set()
                m = http_json(master)
                if registered is None and any(a["name"] == task for a in m["activeapps"]):
                    registered = round(time.monotonic() - t0, 1)
                apps = {a["name"]: a for a in m["activeapps"] if a["state"] == "RUNNING"}
                if both is None and querying and in_flight.is_set() and \
                        apps.get(connect, {}).get("cores", 0) > 0 and apps.get(task, {}).get("cores", 0) > 0:
                    ids = {apps[connect]["id"], apps[task]["id"]}
                    on_worker = {e["appid"] for e in http_json(worker)["executors"]}
                    if ids <= on_worker:
                        both = {"at": round(time.monotonic() - t0, 1), "connect": apps[connect]["cores"],
                                "task": apps[task]["cores"], "task_id": apps[task]["id"],
                                "worker": [(w["coresused"], w["cores"]) for w in m["workers"]]}
                time.sleep(0.5)
            stdout = p.stdout.read()
            out.write(stdout)
            out.close()
            took = time.monotonic() - t0
            assert p.returncode == 0, (self.work / "logs" / "submit-shared.log").read_text()[-3000:]
            assert both, "never saw both applications holding cores while the Spark Connect query ran"
        finally:
            stop.set()
            loop.join(60)
        assert not loop.is_alive(), "the Spark Connect query did not finish"
        expected = per * (per - 1) // 2
        assert rounds and all(r == expected for r in rounds), rounds
        assert "6" in stdout.split(), stdout  # the task's sum(0..3), printed by spark-sql
        done = [a for a in http_json(master)["completedapps"] if a["id"] == both["task_id"]]
        assert done and done[0]["state"] == "FINISHED", done
        return (f"task registered {registered}s after submit; {both['at']}s after submit: Spark Connect "
                f"{both['connect']} cores and {task} {both['task']} cores "
                f"granted at once (worker cores used/offered {both['worker']}), executors of both on the worker; "
                f"the task finished in {took:.0f}s (FINISHED), Spark Connect ran {len(rounds)} queries meanwhile")

    def worker_graceful_decommission(self):
        """A second worker joins; the first, running tasks of a Spark Connect executor, goes the way a worker pod
        goes: the launcher's preStop hook decommissions it, then it gets SIGTERM. The job ends on the second
        worker."""
        master = f"http://127.0.0.1:{self.ports['master_ui']}/json/"
        ui1, ui2 = (f"http://127.0.0.1:{self.ports[k]}" for k in ("worker_ui", "worker2_ui"))
        w2 = self.procs.start("worker2", [self.a.launcher, "worker"], env=self.engine_env(
            "worker2", LAKEHOUSE_WORKER_WEBUI_PORT=str(self.ports["worker2_ui"]), LAKEHOUSE_WORKER_CORES="2",
            LAKEHOUSE_WORKER_MEMORY="2g"))
        deadline = time.monotonic() + 120
        while not [w for w in http_json(master)["workers"] if w["webuiaddress"] == ui2 and w["state"] == "ALIVE"]:
            if w2.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the second worker did not register; see logs/worker2.log")
            time.sleep(0.3)
        driver = f"http://127.0.0.1:{self.ports['connect_ui']}/api/v1/applications"
        app = http_json(driver)[0]["id"]
        on = lambda ui: [e for e in http_json(f"{ui}/json/")["executors"] if e["appid"] == app]  # noqa: E731

        def busy_on(ui) -> int:  # tasks running now in the application's executors on that worker
            ids = {str(e["id"]) for e in on(ui)}
            return sum(e["activeTasks"] for e in http_json(f"{driver}/{app}/executors") if e["id"] in ids)

        # With dynamic allocation the job's backlog brings executors on both workers (the master spreads them);
        # 36 tasks of 1.5 s outlast the wait below for a task on the first worker.
        tasks = 36
        t, result = self.slow_job(tasks, 1500)
        deadline = time.monotonic() + 60
        while (running1 := busy_on(ui1)) == 0:  # decommission while a task runs on the first worker
            assert time.monotonic() < deadline and t.is_alive(), "no task of the job ran on the first worker"
            time.sleep(0.3)
        timeout = 120
        t0 = time.monotonic()
        out = subprocess.run([self.a.launcher, "decommission"], env=self.engine_env(
            "worker", LAKEHOUSE_DECOMMISSION_TIMEOUT_SECONDS=str(timeout)), capture_output=True, text=True,
            timeout=timeout + 30)
        took = time.monotonic() - t0
        (self.work / "logs" / "decommission.log").write_text(out.stdout + out.stderr)
        assert out.returncode == 0, out.stderr[-2000:]
        assert "runs no executor" in out.stderr, out.stderr[-2000:]  # drained, not timed out
        assert took < timeout, took
        states = {w["webuiaddress"]: w["state"] for w in http_json(master)["workers"]}
        assert states.get(ui1) == "DECOMMISSIONED" and states.get(ui2) == "ALIVE", states
        assert not on(ui1), "the first worker still runs a Spark Connect executor"
        seen = sorted(w["state"] for w in self.spark_load()["workers"])
        assert seen == ["ALIVE", "DECOMMISSIONED"], seen
        on2 = len(on(ui2))  # executors the application already has on the second worker
        # Then the kubelet stops the container. The master launches nothing on a decommissioned worker; the job's
        # remaining tasks run in the application's executors on the second worker (dynamic allocation asks the
        # master for them while the backlog lasts).
        t1 = time.monotonic()
        self.procs.stop("worker")
        self.job_done(t, result, tasks, 180)
        finish = time.monotonic() - t1
        assert on(ui2), "the Spark Connect executor is not on the second worker"
        after = {w["webuiaddress"]: w["state"] for w in http_json(master)["workers"]}
        return (f"decommissioned with {running1} task(s) running on the first worker; preStop hook exited 0 after "
                f"{took:.1f}s (timeout {timeout}s), first worker {states[ui1]} (ReadSparkLoad: {seen}), {on2} executor(s) "
                f"of the application on the second worker; after its "
                f"SIGTERM the job's {tasks} tasks finished on the second worker in {finish:.1f}s, sum "
                f"{result['sum']}; master then: first worker {after.get(ui1)}")

    # ---------------------------------------------------------------------------------------------------- run
    def run(self) -> int:
        started = time.monotonic()
        log(f"work dir {self.work}; ports {self.ports}")
        engine = ("object-store-start", "catalog-start", "render-config")
        plan = [
            ("object-store-start", self.start_object_store, ()),
            ("catalog-start", self.start_catalog, ("object-store-start",)),
            ("render-config", self.render_config, ()),
            ("credentials-only-from-secrets", self.credentials_not_in_config, ("render-config",)),
            ("engine-start", self.start_engine, engine),
            ("sql-endpoint-start", self.start_sql_endpoint, ("engine-start",)),
            # the SQL endpoint's load as a Warehouse's autoscaler and gateway read it, before any other client
            # used that server (its mean query time is then the steps' own)
            ("sql-load-sessions", self.sql_load_sessions, ("sql-endpoint-start",)),
            ("sql-load-queue", self.sql_load_queue, ("sql-endpoint-start",)),
            ("pyspark-iceberg-create", self.iceberg_create, ("engine-start",)),
            ("pyspark-iceberg-insert-select", self.iceberg_insert_select, ("pyspark-iceberg-create",)),
            ("pyspark-iceberg-time-travel", self.iceberg_time_travel, ("pyspark-iceberg-insert-select",)),
            ("pyspark-delta-version-as-of", self.delta_version_as_of, ("engine-start",)),
            ("pyspark-delta-change-data-feed", self.delta_change_data_feed, ("pyspark-delta-version-as-of",)),
            ("submit-sql-task", self.submit_task, ("pyspark-iceberg-insert-select",)),
            ("dbt-build", self.dbt_build, ("sql-endpoint-start",)),
            ("store-lists-objects", self.store_lists_objects,
             ("pyspark-iceberg-insert-select", "pyspark-delta-version-as-of")),
            ("catalog-rest-shows-table", self.catalog_rest_shows_table, ("pyspark-iceberg-insert-select",)),
            # last: the engine's load and sharing as the autoscaler and users see it, then a second worker and the
            # first one's decommission
            ("autoscaler-reads-spark-load", self.autoscaler_reads_spark_load, ("engine-start",)),
            ("idle-engine-gives-executors-back", self.idle_engine_gives_executors_back,
             ("engine-start", "pyspark-delta-version-as-of")),
            # a Warehouse of two engines behind the gateway, on executors nobody else holds; it stops at the end
            ("warehouse-gateway-start", self.warehouse_gateway_start, ("engine-start",)),
            ("warehouse-dbt-through-gateway", self.warehouse_dbt_through_gateway, ("warehouse-gateway-start",)),
            ("warehouse-benchmark", self.warehouse_benchmark, ("warehouse-gateway-start",)),
            ("warehouse-wake", self.warehouse_wake, ("warehouse-gateway-start",)),
            # a Job's tasks as the operator builds them (TaskJobs), each run by the launcher's submit role; here,
            # where no application holds executors any more (the step before checks it), none waits for another's
            # idle ones
            ("task-jobs-render", self.task_jobs_render, ("render-config", "object-store-start")),
            ("task-sql-inline", self.task_sql_inline, ("task-jobs-render", "engine-start")),
            ("task-sql-file-s3a", self.task_sql_file, ("task-sql-inline",)),
            ("task-spark-python", self.task_spark_python, ("task-sql-inline",)),
            ("task-python-libraries", self.task_python_libraries, ("task-jobs-render", "engine-start")),
            ("task-spark-jar", self.task_spark_jar, ("task-jobs-render", "engine-start")),
            ("task-dbt", self.task_dbt, ("task-jobs-render", "engine-start")),
            ("task-fails", self.task_fails, ("task-sql-inline",)),
            ("two-applications-share-one-cluster", self.two_applications_share_one_cluster, ("engine-start",)),
            ("worker-graceful-decommission", self.worker_graceful_decommission, ("engine-start",)),
        ]
        selected = self.selected(plan, os.environ.get("LAKEHOUSE_DATAPATH_STEPS", ""))
        for name, fn, needs in plan:
            if name in selected:
                self.step(name, fn, needs=needs)
        if self.spark is not None:
            try:
                self.spark.stop()
            except Exception:
                pass
        self.procs.stop_all()
        if self.bench:
            self.write_benchmark()
        self.write_report(time.monotonic() - started)
        passed = sum(r["passed"] for r in self.results)
        failed = len(self.results) - passed
        print(f"{passed} passed, {failed} failed", flush=True)
        return 0 if failed == 0 else 1

    @staticmethod
    def selected(plan: list, spec: str) -> set[str]:
        """The steps to run: all, or those LAKEHOUSE_DATAPATH_STEPS names (comma-separated, shell patterns allowed)
        and every step they need, transitively."""
        import fnmatch

        names = [n for n, _, _ in plan]
        if not spec.strip():
            return set(names)
        needs = {n: d for n, _, d in plan}
        chosen: set[str] = set()
        for pattern in (p.strip() for p in spec.split(",") if p.strip()):
            hits = fnmatch.filter(names, pattern)
            if not hits:
                raise SystemExit(f"LAKEHOUSE_DATAPATH_STEPS: no step matches {pattern!r}; steps: {', '.join(names)}")
            chosen.update(hits)
        todo = list(chosen)
        while todo:
            for d in needs[todo.pop()]:
                if d not in chosen:
                    chosen.add(d)
                    todo.append(d)
        log(f"LAKEHOUSE_DATAPATH_STEPS={spec}: running {', '.join(n for n in names if n in chosen)}")
        return chosen

    def write_report(self, seconds: float) -> None:
        import importlib.metadata as md

        rt = getattr(self, "runtime", {})
        report = {
            "suite": "datapath",
            "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "total_ms": int(seconds * 1000),
            "engine_start_ms": self.facts.get("engine_start_ms"),
            "first_query_ms": self.facts.get("first_query_ms"),
            "sql_endpoint_start_ms": self.facts.get("sql_endpoint_start_ms"),
            "versions": {
                "runtime": rt.get("runtime"),
                "spark": self.facts.get("spark_version") or rt.get("spark"),
                "scala": rt.get("scala"),
                "delta": rt.get("delta"),
                "iceberg": rt.get("iceberg"),
                "nessie": self.facts.get("nessie_version") or self.a.nessie_version,
                "object_store": self.a.object_store_version,
                "pyspark": md.version("pyspark"),
                "dbt_core": self.a.dbt_core_version,
                "dbt_spark": self.a.dbt_spark_version,
                "java_engine": self.a.java_version,
            },
            "steps": self.results,
        }
        out = Path(self.a.report)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n")
        log(f"report: {out}")


def main() -> int:
    p = argparse.ArgumentParser()
    for name in ("spark-home", "launcher", "minio", "nessie-jar", "nessie-java", "dbt", "tools-classpath",
                 "report", "work", "nessie-version", "object-store-version", "dbt-core-version", "task-python",
                 "dbt-spark-version", "java-version", "gateway-home"):
        p.add_argument("--" + name, required=True)
    return Suite(p.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
