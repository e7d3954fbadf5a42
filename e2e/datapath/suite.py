#!/usr/bin/env python3
"""The data-path suite: real servers on 127.0.0.1 and the clients a data team uses.

Started by e2e/datapath/run, which installs what it needs and passes the paths below. It starts MinIO (the
S3-compatible store), Nessie (the shared catalog, Iceberg REST) and the engine through the runtime launcher as
plain processes (master, a worker, Spark Connect, the SQL endpoint), configured by the operator's own
SparkConfigRenderer from examples/datapath/{workspace,cluster}.yaml; then drives it with PySpark over Spark
Connect and with dbt, and looks at the results from outside the engine. Last, the autoscaler's view of the
engine: its Spark load reader under a running job, and a worker's graceful decommission (the launcher's preStop
hook) with a second worker taking over. Writes a JSON report and ends with the line "N passed, N failed".
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
S3_SECRET = "lakehouse-s3"


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
            "connect", "connect_ui", "sql", "sql_ui", "submit_ui")}
        self.access_key = "lh" + secrets.token_hex(8)
        self.secret_key = secrets.token_urlsafe(24)
        self.spark = None

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
            ["java", "-cp", self.a.operator_classpath, "dev.lakehouse.operator.engine.config.RenderSparkConfig",
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
        assert defaults["spark.cores.max"] == cl["spec"]["sparkConf"]["spark.cores.max"]
        self.defaults = defaults
        self.launcher_env = self.read_shell_env(self.conf_dir / "launcher.env")
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
        assert not any(re.search(r"(?i)(secret|password|token|access\.key)", k) and "${env." not in v
                       for k, v in self.defaults.items()), "a credential-like property has a literal value"
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
        t0 = time.monotonic()
        p = self.procs.start("sql", [self.a.launcher, "sql"],
                             env=self.engine_env("sql", LAKEHOUSE_UI_PORT=str(self.ports["sql_ui"])))
        wait_port(self.ports["sql"], 240, p)
        self.facts["sql_endpoint_start_ms"] = int((time.monotonic() - t0) * 1000)
        return f"JDBC/Thrift endpoint on 127.0.0.1:{self.ports['sql']} in {self.facts['sql_endpoint_start_ms']} ms"

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
        # Every HiveServer2 session starts with USE default: the Warehouse's default catalog (the Workspace's
        # Iceberg catalog) needs that schema, as a Workspace's bootstrap would create it.
        self.spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {client.CATALOG}.default")
        project = self.work / "dbt"
        shutil.copytree(REPO / "examples" / "dbt", project, ignore=shutil.ignore_patterns("target", "logs"))
        env = dict(os.environ, LAKEHOUSE_SQL_HOST="127.0.0.1", LAKEHOUSE_SQL_PORT=str(self.ports["sql"]),
                   DBT_SCHEMA="analytics", DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                   DBT_TARGET_PATH=str(project / "target"), DBT_LOG_PATH=str(project / "logs"))
        out = subprocess.run([self.a.dbt, "build", "--profiles-dir", str(project), "--project-dir", str(project)],
                             env=env, capture_output=True, text=True, timeout=900, cwd=project)
        (self.work / "logs" / "dbt.log").write_text(out.stdout + out.stderr)
        assert out.returncode == 0, out.stdout[-3000:]
        results = json.loads((project / "target" / "run_results.json").read_text())["results"]
        status = {r["unique_id"]: r["status"] for r in results}
        assert status and all(s in ("success", "pass") for s in status.values()), status
        assert any(k.startswith("model.") and k.endswith(".orders_daily") for k in status), status
        tests = [k for k in status if k.startswith("test.")]
        assert any(".positive_orders_daily_completed_orders" in t for t in tests), tests
        assert any(".not_null_orders_daily_" in t for t in tests), tests
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
            ["java", "-cp", self.a.operator_classpath, "dev.lakehouse.operator.cluster.autoscaling.spark.ReadSparkLoad",
             f"http://127.0.0.1:{self.ports['master_ui']}", f"http://127.0.0.1:{self.ports['connect_ui']}"],
            capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"ReadSparkLoad exited {out.returncode}: {out.stderr[-1000:]}"
        return json.loads(out.stdout)

    def slow_job(self, tasks: int, sleep_ms: int) -> tuple[threading.Thread, dict]:
        """A job of `tasks` one-row partitions that each sleep, run over Spark Connect in the background. The
        Spark Connect application has one core (spark.cores.max), so its tasks queue: a backlog to observe."""
        sql = (f"SELECT sum(id) FROM range(0, {tasks}, 1, {tasks}) "
               f"WHERE reflect('java.lang.Thread', 'sleep', CAST({sleep_ms} AS BIGINT)) = 'null'")  # void -> 'null'
        result: dict = {}

        def run():
            try:
                result["sum"] = self.spark.sql(sql).first()[0]
            except Exception as e:  # reported by the step that waits for it
                result["error"] = e

        t = threading.Thread(target=run, name="slow-job", daemon=True)
        t.start()
        return t, result

    @staticmethod
    def job_done(t: threading.Thread, result: dict, tasks: int, timeout: float) -> None:
        t.join(timeout)
        assert not t.is_alive(), f"the job did not finish in {timeout:.0f}s"
        assert "error" not in result, result.get("error")
        assert result["sum"] == tasks * (tasks - 1) // 2, result

    def autoscaler_reads_spark_load(self):
        cores = int(self.launcher_env["LAKEHOUSE_WORKER_CORES"])
        tasks = 3 * cores
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
        assert busy["lastActivity"] == busy["observedAt"], busy  # a running job: activity is now
        assert 1500 <= busy["meanTaskMillis"] < 15000, busy  # every task sleeps 1.5 s
        self.job_done(t, result, tasks, 120)
        after = self.spark_load()
        assert after["runningTasks"] == 0 and after["pendingTasks"] == 0, after
        assert after["lastActivity"] is not None and after["lastActivity"] <= after["observedAt"], after
        return (f"{tasks} tasks of 1.5 s on 1 core: running {busy['runningTasks']}, pending {busy['pendingTasks']}, "
                f"mean task {busy['meanTaskMillis']} ms, worker {workers[0]['coresUsed']}/{workers[0]['cores']} "
                f"cores used; after: running 0, pending 0, last activity {after['lastActivity']}")

    def worker_graceful_decommission(self):
        """A second worker joins; the first, running a task of the Spark Connect executor, goes the way a worker pod
        goes: the launcher's preStop hook decommissions it, then it gets SIGTERM. The job ends on the second worker."""
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
        app = http_json(f"http://127.0.0.1:{self.ports['connect_ui']}/api/v1/applications")[0]["id"]
        on = lambda ui: [e for e in http_json(f"{ui}/json/")["executors"] if e["appid"] == app]  # noqa: E731
        assert on(ui1) and not on(ui2), "the Spark Connect executor is not on the first worker"
        tasks = 12
        t, result = self.slow_job(tasks, 1500)
        deadline = time.monotonic() + 60
        while self.spark_load()["runningTasks"] == 0:  # decommission while a task runs on the first worker
            assert time.monotonic() < deadline and t.is_alive(), "the job never ran a task"
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
        assert not on(ui1), "the first worker still runs the Spark Connect executor"
        seen = sorted(w["state"] for w in self.spark_load()["workers"])
        assert seen == ["ALIVE", "DECOMMISSIONED"], seen
        # Then the kubelet stops the container. Spark 3.5's master gives the application a new executor only when
        # the decommissioned worker is gone (removeWorker schedules; decommissioning does not).
        t1 = time.monotonic()
        self.procs.stop("worker")
        self.job_done(t, result, tasks, 180)
        finish = time.monotonic() - t1
        assert on(ui2), "the Spark Connect executor did not move to the second worker"
        after = {w["webuiaddress"]: w["state"] for w in http_json(master)["workers"]}
        return (f"preStop hook exited 0 after {took:.1f}s (timeout {timeout}s), first worker {states[ui1]} "
                f"(ReadSparkLoad: {seen}); after its SIGTERM the job's {tasks} tasks finished on the second "
                f"worker in {finish:.1f}s, sum {result['sum']}; master then: first worker {after.get(ui1)}")

    # ---------------------------------------------------------------------------------------------------- run
    def run(self) -> int:
        started = time.monotonic()
        log(f"work dir {self.work}; ports {self.ports}")
        self.step("object-store-start", self.start_object_store)
        self.step("catalog-start", self.start_catalog, needs=("object-store-start",))
        self.step("render-config", self.render_config)
        self.step("credentials-only-from-secrets", self.credentials_not_in_config, needs=("render-config",))
        engine = ("object-store-start", "catalog-start", "render-config")
        self.step("engine-start", self.start_engine, needs=engine)
        self.step("sql-endpoint-start", self.start_sql_endpoint, needs=("engine-start",))
        self.step("pyspark-iceberg-create", self.iceberg_create, needs=("engine-start",))
        self.step("pyspark-iceberg-insert-select", self.iceberg_insert_select, needs=("pyspark-iceberg-create",))
        self.step("pyspark-iceberg-time-travel", self.iceberg_time_travel, needs=("pyspark-iceberg-insert-select",))
        self.step("pyspark-delta-version-as-of", self.delta_version_as_of, needs=("engine-start",))
        self.step("pyspark-delta-change-data-feed", self.delta_change_data_feed,
                  needs=("pyspark-delta-version-as-of",))
        self.step("submit-sql-task", self.submit_task, needs=("pyspark-iceberg-insert-select",))
        self.step("dbt-build", self.dbt_build, needs=("sql-endpoint-start",))
        self.step("store-lists-objects", self.store_lists_objects,
                  needs=("pyspark-iceberg-insert-select", "pyspark-delta-version-as-of"))
        self.step("catalog-rest-shows-table", self.catalog_rest_shows_table,
                  needs=("pyspark-iceberg-insert-select",))
        # last: these add a worker and decommission the first one
        self.step("autoscaler-reads-spark-load", self.autoscaler_reads_spark_load, needs=("engine-start",))
        self.step("worker-graceful-decommission", self.worker_graceful_decommission, needs=("engine-start",))
        if self.spark is not None:
            try:
                self.spark.stop()
            except Exception:
                pass
        self.procs.stop_all()
        self.write_report(time.monotonic() - started)
        passed = sum(r["passed"] for r in self.results)
        failed = len(self.results) - passed
        print(f"{passed} passed, {failed} failed", flush=True)
        return 0 if failed == 0 else 1

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
    for name in ("spark-home", "launcher", "minio", "nessie-jar", "nessie-java", "dbt", "operator-classpath",
                 "report", "work", "nessie-version", "object-store-version", "dbt-core-version",
                 "dbt-spark-version", "java-version"):
        p.add_argument("--" + name, required=True)
    return Suite(p.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
