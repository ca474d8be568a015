#!/usr/bin/env python3
"""Static checks of the docker/ stack: Docker is not needed (nor run).

What it checks:
  compose.yaml   parses; the required services exist; Kafka runs in KRaft mode
                 and nothing mentions ZooKeeper; the engine has >= 2 replicas,
                 publishes no fixed host port, runs pipelines/orders.yaml with
                 the admin server on all addresses, sets every variable the
                 pipeline needs without a default, and shares one consumer
                 group (CONSUMER_GROUP, which the pipeline's kafka-source
                 reads); depends_on conditions name services with health
                 checks; every file or folder the compose mounts or builds
                 from exists in the repository.
  prometheus.yml parses (and passes `promtool check config` when promtool is
                 installed); a job scrapes the engine service on its admin port.
  Grafana        the provisioned datasource and dashboard provider parse, the
                 provider's path is where the dashboards are mounted, every
                 dashboard parses and uses only provisioned datasources.
  Dashboards     every metric name in every panel's PromQL (and in template
                 variable queries) is one the engine exposes on /metrics.

Where the set of exposed metric names comes from (the sound part):
  1. The engine's own and per-stage series: `engine run` on a pipeline that
     needs no services (order-generator -> validate -> fraud -> route -> null,
     plus a dead-letter stage) with an admin port, scraped over HTTP; the
     `# TYPE` lines give each name and type. This is what a real replica
     exposes, not a list kept by hand.
  2. Plugin metrics that need services to appear (kafka-source's lag, pg-sink,
     redis-dedup, ...): read from the plugin sources, every
     `.counter(` / `.gauge(` / `.histogram(` call's first argument (a string
     literal, or a `k...` constant resolved from its definition). A call whose
     name cannot be read fails the check instead of being skipped.
  3. Cross-check of 2 against 1: every plugin metric the scrape shows must be
     found by the source scan with the same type, so the scan is known to
     find what plugins really register.
  Histograms are valid only as NAME_bucket, NAME_sum and NAME_count (the bare
  name has no series). `up` is added by Prometheus to every target.

  check_docker_files.py --engine build/bin/engine --plugin-dir build/bin/plugins \
      --source-dir . [--compose FILE] [--dashboard FILE]...
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

try:
    import yaml
except ImportError:
    print("check_docker_files: python3-yaml is not installed (scripts/setup.sh installs it)", file=sys.stderr)
    sys.exit(1)

REQUIRED_SERVICES = ["kafka", "kafka-init", "postgres", "redis", "engine", "prometheus", "grafana", "kafka-ui"]
# Series Prometheus adds to every scraped target.
PROMETHEUS_GENERATED = {"up": "gauge", "scrape_duration_seconds": "gauge", "scrape_samples_scraped": "gauge"}
# What the pipeline dashboard must show (issue: throughput, latency, lag, errors).
REQUIRED_DASHBOARD_METRICS = [
    "streamline_events_out_total",
    "streamline_processing_seconds_bucket",
    "streamline_kafka_consumer_lag",
    "streamline_events_failed_total",
    "streamline_queue_depth",
]


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")


# ---------------------------------------------------------------- compose


def environment_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def host_path(compose_dir, source):
    return (compose_dir / source).resolve() if not os.path.isabs(source) else Path(source)


def bind_mounts(service):
    """(source, target) of each bind mount; named volumes are skipped."""
    out = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            if len(parts) >= 2 and (parts[0].startswith((".", "/", "~"))):
                out.append((parts[0], parts[1]))
        elif isinstance(volume, dict) and volume.get("type") == "bind":
            out.append((volume["source"], volume["target"]))
    return out


def mount_source(compose_dir, service, target):
    for source, mounted_at in bind_mounts(service):
        if mounted_at == target:
            return host_path(compose_dir, source)
    return None


def check_compose(compose_file, source_dir, problems):
    where = str(compose_file)
    compose_dir = compose_file.parent
    try:
        compose = yaml.safe_load(compose_file.read_text())
    except (OSError, yaml.YAMLError) as e:
        problems.add(where, f"does not parse: {e}")
        return None
    services = compose.get("services") or {}

    for name in REQUIRED_SERVICES:
        if name not in services:
            problems.add(where, f"no service '{name}'")

    text = yaml.safe_dump(compose).lower()  # comments may say "no ZooKeeper"
    for name, service in services.items():
        if "zookeeper" in name.lower() or "zookeeper" in str(service.get("image", "")).lower():
            problems.add(where, f"service '{name}' is ZooKeeper: Kafka must run in KRaft mode")
    if "zookeeper" in text:
        problems.add(where, "mentions ZooKeeper: Kafka must run in KRaft mode")

    kafka_env = environment_of(services.get("kafka", {}))

    def kafka_setting(key):  # apache/kafka: KAFKA_X; bitnami/kafka: KAFKA_CFG_X
        return kafka_env.get(f"KAFKA_{key}", kafka_env.get(f"KAFKA_CFG_{key}"))

    roles = kafka_setting("PROCESS_ROLES") or ""
    if "controller" not in roles or "broker" not in roles:
        problems.add(where, f"kafka: PROCESS_ROLES is '{roles}', KRaft needs broker and controller roles")
    for key in ("CONTROLLER_QUORUM_VOTERS", "CONTROLLER_LISTENER_NAMES"):
        if not kafka_setting(key):
            problems.add(where, f"kafka: KRaft setting KAFKA_{key} (or KAFKA_CFG_{key}) is missing")

    # Every bind mount and build context exists in the repository.
    for name, service in services.items():
        for source, target in bind_mounts(service):
            if not host_path(compose_dir, source).exists():
                problems.add(where, f"service '{name}' mounts {source} (at {target}), which does not exist")
        build = service.get("build")
        if build:
            context = host_path(compose_dir, build if isinstance(build, str) else build.get("context", "."))
            if not context.is_dir():
                problems.add(where, f"service '{name}' builds from {context}, which is not a folder")
            elif isinstance(build, dict) and build.get("dockerfile"):
                if not (context / build["dockerfile"]).is_file():
                    problems.add(where, f"service '{name}': Dockerfile {build['dockerfile']} not found in {context}")

    # depends_on conditions are satisfiable.
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            depends = {d: {"condition": "service_started"} for d in depends}
        for dep, spec in depends.items():
            if dep not in services:
                problems.add(where, f"service '{name}' depends on unknown service '{dep}'")
                continue
            condition = (spec or {}).get("condition", "service_started")
            dep_service = services[dep]
            if condition == "service_healthy" and not dep_service.get("healthcheck"):
                problems.add(where, f"service '{name}' waits for '{dep}' to be healthy, but '{dep}' has no healthcheck")
            if condition == "service_completed_successfully" and dep_service.get("restart") not in (None, "no"):
                problems.add(where, f"service '{name}' waits for '{dep}' to complete, but '{dep}' restarts")

    schema = mount_source(compose_dir, services.get("postgres", {}), "/docker-entrypoint-initdb.d/01-schema.sql")
    if schema is None or schema != (source_dir / "scripts/schema.sql").resolve():
        problems.add(where, "postgres: scripts/schema.sql is not mounted into /docker-entrypoint-initdb.d/")

    engine = services.get("engine")
    if engine is not None:
        check_engine_service(where, engine, services, source_dir, problems)
    return compose


def check_engine_service(where, engine, services, source_dir, problems):
    replicas = (engine.get("deploy") or {}).get("replicas", 1)
    if not isinstance(replicas, int) or replicas < 2:
        problems.add(where, f"engine: deploy.replicas is {replicas!r}, want at least 2")
    for port in engine.get("ports") or []:
        problems.add(where, f"engine: publishes host port {port!r}; replicas would clash (use expose)")
    if not engine.get("depends_on"):
        problems.add(where, "engine: no depends_on (Kafka topics, PostgreSQL, Redis)")
    if not (engine.get("healthcheck") or (source_dir / "docker/Dockerfile").read_text().count("HEALTHCHECK")):
        problems.add(where, "engine: no healthcheck in the service or docker/Dockerfile")

    command = engine.get("command") or []
    command = command.split() if isinstance(command, str) else [str(c) for c in command]
    if "pipelines/orders.yaml" not in command:
        problems.add(where, f"engine: command {command} does not run pipelines/orders.yaml")

    def option(name):
        return command[command.index(name) + 1] if name in command and command.index(name) + 1 < len(command) else None

    if option("--admin-address") != "0.0.0.0":
        problems.add(where, "engine: --admin-address 0.0.0.0 missing: Prometheus could not reach the admin server")
    if not (option("--admin-port") or "").isdigit():
        problems.add(where, "engine: --admin-port N missing")

    env = environment_of(engine)
    pipeline_text = (source_dir / "pipelines/orders.yaml").read_text()
    for var in sorted(set(re.findall(r"\$\{(\w+)\}", pipeline_text))):
        if not env.get(var):
            problems.add(where, f"engine: pipelines/orders.yaml needs ${{{var}}} (no default); environment lacks it")

    # One consumer group: the service's replicas share its environment, and
    # the pipeline's kafka-source takes its group from CONSUMER_GROUP.
    pipeline = yaml.safe_load(pipeline_text)
    groups = [str(s.get("config", {}).get("group_id", "")) for s in pipeline["stages"].values()
              if s.get("plugin") == "kafka-source"]
    if not groups or not all("${CONSUMER_GROUP" in g for g in groups):
        problems.add(where, f"pipelines/orders.yaml: kafka-source group_id {groups} does not come from ${{CONSUMER_GROUP}}")
    if not env.get("CONSUMER_GROUP"):
        problems.add(where, "engine: CONSUMER_GROUP is not set: replicas must share one consumer group")

    topic = env.get("KAFKA_TOPIC", "orders")
    init_command = (services.get("kafka-init") or {}).get("command") or ""
    init_command = " ".join(init_command) if isinstance(init_command, list) else str(init_command)
    if f"--topic {topic}" not in init_command:
        problems.add(where, f"kafka-init: does not create the engine's topic '{topic}'")


# ---------------------------------------------------------------- Dockerfile

# Test-only -dev packages: the image builds with STREAMLINE_BUILD_TESTS=OFF.
TEST_ONLY_PACKAGES = {"libgtest-dev", "libgmock-dev", "libbenchmark-dev",
                      "libclang-rt-dev"}  # clang's fuzzer runtime (fuzz/)


def setup_packages(source_dir):
    text = (source_dir / "scripts/setup.sh").read_text()
    body = re.search(r"^packages=\((.*?)^\)", text, re.MULTILINE | re.DOTALL).group(1)
    return {w for line in body.splitlines() for w in line.split("#", 1)[0].split()}


def check_dockerfile(source_dir, problems):
    """Multi-stage debian:12 build from setup.sh's packages, non-root runtime, health check."""
    dockerfile = source_dir / "docker/Dockerfile"
    where = str(dockerfile)
    text = dockerfile.read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, re.MULTILINE | re.IGNORECASE)
    if len(stages) < 2 or not all(image.startswith("debian:12") for image, _ in stages):
        problems.add(where, f"want a multi-stage debian:12 build, found FROM {[i for i, _ in stages]}")
    runtime = text[text.rfind("\nFROM "):]
    user = re.findall(r"^USER\s+(\S+)", runtime, re.MULTILINE)
    if not user or user[-1].split(":")[0] in ("root", "0"):
        problems.add(where, "the runtime stage does not switch to a non-root USER")
    if not re.search(r"^HEALTHCHECK\b.*(\\\n.*)*/healthz", runtime, re.MULTILINE):
        problems.add(where, "the runtime stage has no HEALTHCHECK on /healthz")
    build = text[:text.rfind("\nFROM ")]
    installed = set()
    for command in re.findall(r"apt-get install((?:[^\n]*\\\n)*[^\n]*)", build):
        installed |= {w for w in command.replace("\\", " ").split() if not w.startswith("-") and w != "&&"}
        installed -= {"rm", "/var/lib/apt/lists/*"}
    wanted = setup_packages(source_dir)
    for package in sorted(installed - wanted):
        problems.add(where, f"the build stage installs {package}, which scripts/setup.sh does not list")
    for package in sorted(p for p in wanted if p.endswith("-dev") and p not in TEST_ONLY_PACKAGES):
        if package not in installed:
            problems.add(where, f"the build stage lacks {package} (a library scripts/setup.sh installs)")
    # What the Dockerfile copies must get through the build context's ignore file.
    ignore = source_dir / "docker/Dockerfile.dockerignore"
    allowed = {line[1:].rstrip("/") for line in ignore.read_text().splitlines() if line.startswith("!")}
    for source in re.findall(r"^COPY\s+(?!--from)(\S+)\s", text, re.MULTILINE):
        if source.rstrip("/") not in allowed:
            problems.add(where, f"COPY {source}: excluded by docker/Dockerfile.dockerignore")
        elif not (source_dir / source).exists():
            problems.add(where, f"COPY {source}: not in the repository")


# ---------------------------------------------------------------- Prometheus and Grafana


def check_prometheus(compose, compose_file, problems):
    compose_dir = compose_file.parent
    service = compose["services"].get("prometheus", {})
    config_file = mount_source(compose_dir, service, "/etc/prometheus/prometheus.yml")
    if config_file is None or not config_file.is_file():
        problems.add(str(compose_file), "prometheus: no prometheus.yml mounted at /etc/prometheus/prometheus.yml")
        return
    where = str(config_file)
    try:
        config = yaml.safe_load(config_file.read_text())
    except yaml.YAMLError as e:
        problems.add(where, f"does not parse: {e}")
        return
    command = [str(c) for c in (compose["services"].get("engine") or {}).get("command") or []]
    admin_port = int(command[command.index("--admin-port") + 1]) if "--admin-port" in command else None
    scrapes_engine = False
    for job in config.get("scrape_configs") or []:
        for sd in job.get("dns_sd_configs") or []:
            if "engine" in (sd.get("names") or []) and sd.get("port") == admin_port:
                scrapes_engine = True
        for static in job.get("static_configs") or []:
            if any(t.startswith("engine") and t.endswith(f":{admin_port}") for t in static.get("targets") or []):
                scrapes_engine = True
    if not scrapes_engine:
        problems.add(where, f"no scrape job for the engine service on its admin port {admin_port}")
    promtool = shutil_which("promtool")
    if promtool:
        result = subprocess.run([promtool, "check", "config", str(config_file)], capture_output=True, text=True)
        if result.returncode != 0:
            problems.add(where, f"promtool check config:\n{result.stdout}{result.stderr}")
    else:
        print("SKIPPED promtool check config: promtool not found (Debian package 'prometheus')", file=sys.stderr)


def shutil_which(name):
    import shutil
    return shutil.which(name)


def check_grafana(compose, compose_file, problems):
    """Provisioned datasource uids and the dashboard files the provider loads."""
    compose_dir = compose_file.parent
    service = compose["services"].get("grafana", {})
    provisioning = mount_source(compose_dir, service, "/etc/grafana/provisioning")
    if provisioning is None or not provisioning.is_dir():
        problems.add(str(compose_file), "grafana: no provisioning folder mounted at /etc/grafana/provisioning")
        return set(), []
    uids = set()
    for file in sorted((provisioning / "datasources").glob("*.y*ml")):
        try:
            for ds in yaml.safe_load(file.read_text()).get("datasources") or []:
                uids.add(ds.get("uid"))
                if ds.get("type") == "prometheus" and ds.get("url") != "http://prometheus:9090":
                    problems.add(str(file), f"datasource '{ds.get('name')}' url {ds.get('url')} is not the prometheus service")
        except (yaml.YAMLError, AttributeError) as e:
            problems.add(str(file), f"does not parse as a datasource file: {e}")
    if not uids:
        problems.add(str(provisioning), "no datasource provisioned")
    dashboards = []
    providers = sorted((provisioning / "dashboards").glob("*.y*ml"))
    if not providers:
        problems.add(str(provisioning), "no dashboard provider provisioned")
    for file in providers:
        try:
            for provider in yaml.safe_load(file.read_text()).get("providers") or []:
                path = (provider.get("options") or {}).get("path")
                folder = mount_source(compose_dir, service, path)
                if folder is None or not folder.is_dir():
                    problems.add(str(file), f"provider '{provider.get('name')}' loads {path}, where no folder is mounted")
                    continue
                found = sorted(folder.glob("*.json"))
                if not found:
                    problems.add(str(folder), "no dashboard JSON")
                dashboards += found
        except (yaml.YAMLError, AttributeError) as e:
            problems.add(str(file), f"does not parse as a dashboard provider file: {e}")
    return uids, dashboards


# ---------------------------------------------------------------- metrics the engine exposes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
            return reply.read().decode()
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def types_in(scrape_text):
    return dict(re.findall(r"^# TYPE (\S+) (\S+)$", scrape_text, re.MULTILINE))


SCRAPE_PIPELINE = """
pipeline:
  name: docker-metrics-check
  dead_letter: dead
  admin: {{ port: {port} }}
# Nothing listens on port 1: the probe finds it down, which is what makes
# streamline_resource_up appear without a Redis.
resources:
  cache: {{ plugin: redis, config: {{ url: "redis://127.0.0.1:1/0" }} }}
stages:
  orders: {{ plugin: order-generator, config: {{ count: 0, rate: 200, seed: 1 }} }}
  check:
    plugin: validate
    inputs: [orders]
    config: {{ rules: [ {{ path: event_id, type: string, non_empty: true }} ] }}
  fraud: {{ plugin: fraud, inputs: [check] }}
  route:
    plugin: route
    inputs: [fraud]
    config:
      routes: [ {{ name: created, when: 'event_type == "ORDER_CREATED"' }} ]
      drop_unmatched: true
  created: {{ plugin: "null", inputs: [route.created] }}
  dead: {{ plugin: "null" }}
"""
# Seen in a scrape once every stage has run a batch.
SCRAPE_READY = ["streamline_processing_seconds_bucket", "fraud_scoring_seconds_bucket",
                "streamline_events_dropped_total", "streamline_committed_offset",
                "streamline_commit_seconds_bucket", "streamline_resource_up",
                "streamline_reloads_total", "streamline_reload_pause_seconds_bucket",
                'streamline_events_out_total{plugin="null",stage="created"}']


def scraped_metrics(engine, plugin_dir):
    """Name -> type of everything a running engine serves on /metrics."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        pipeline = Path(tmp) / "pipeline.yaml"
        pipeline.write_text(SCRAPE_PIPELINE.format(port=port))
        log = open(Path(tmp) / "engine.log", "w+")
        process = subprocess.Popen([os.path.abspath(engine), "run", str(pipeline), "--plugin-dir", os.path.abspath(plugin_dir)],
                                   cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
        text = None
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and process.poll() is None:
                text = scrape(port)
                if text and all(marker in text for marker in SCRAPE_READY):
                    break
                time.sleep(0.1)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if not text or not all(marker in text for marker in SCRAPE_READY):
            log.seek(0)
            raise SystemExit(f"check_docker_files: no complete /metrics scrape from `engine run` on port {port} "
                             f"(want {SCRAPE_READY}); engine output:\n{log.read()}\nlast scrape:\n{text}")
        return types_in(text)


METRIC_CALL = re.compile(r"\.(counter|gauge|histogram)\s*\(\s*(\"([^\"]*)\"|(k\w+))", re.MULTILINE)
CONSTANT = re.compile(r"\b(k\w+)\s*=\s*\"([^\"]*)\"")


def plugin_source_metrics(plugins_dir, problems):
    """Name -> type of every metric a plugin registers, read from its sources."""
    sources = [p for p in sorted(plugins_dir.rglob("*")) if p.suffix in (".cpp", ".hpp", ".h", ".cc")
               and "test" not in p.relative_to(plugins_dir).as_posix()]
    texts = {p: p.read_text(errors="replace") for p in sources}
    constants = {}
    for text in texts.values():
        constants.update(CONSTANT.findall(text))
    found = {}
    for path, text in texts.items():
        for kind, _, literal, constant in METRIC_CALL.findall(text):
            name = literal if literal else constants.get(constant)
            if not name:
                problems.add(str(path), f"metric name {constant} of a .{kind}( call cannot be resolved")
                continue
            if found.get(name, kind) != kind:
                problems.add(str(path), f"metric {name} registered as {kind} and as {found[name]}")
            found[name] = kind
    return found


def series_names(metrics):
    """Names PromQL may select: histograms only through their series."""
    names = {}
    for name, kind in metrics.items():
        if kind == "histogram":
            for suffix in ("_bucket", "_sum", "_count"):
                names[name + suffix] = kind
        else:
            names[name] = kind
    return names


# ---------------------------------------------------------------- PromQL


PROMQL_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
                   "unless", "offset", "inf", "nan", "atan2"}


def metric_names(expr):
    """Metric names a PromQL expression selects (Grafana variables allowed)."""
    e = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', expr)  # strings
    e = re.sub(r"\{[^}]*\}", " ", e)      # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)     # ranges, subqueries
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\$\{?\w+\}?", " ", e)    # Grafana variables outside the above
    names = []
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][\w:]*)(\s*\()?", e):
        word, call = match.group(1), match.group(2)
        if call or word in PROMQL_KEYWORDS:
            continue
        names.append(word)
    return names


def panels_of(dashboard):
    for panel in dashboard.get("panels") or []:
        yield panel
        for inner in panel.get("panels") or []:
            yield inner


def check_dashboard(file, known, datasource_uids, problems):
    where = str(file)
    try:
        dashboard = json.loads(file.read_text())
    except (OSError, json.JSONDecodeError) as e:
        problems.add(where, f"does not parse: {e}")
        return
    used = set()

    def check_expr(label, expr):
        names = metric_names(expr)
        if not names:
            problems.add(where, f"{label}: expression selects no metric: {expr}")
        for name in names:
            used.add(name)
            if name not in known:
                problems.add(where, f"{label}: metric '{name}' is not exposed by the engine or any plugin "
                                    f"(expression: {expr})")

    def check_datasource(label, ds):
        if isinstance(ds, dict) and ds.get("uid") and ds["uid"] not in datasource_uids:
            problems.add(where, f"{label}: datasource uid '{ds['uid']}' is not provisioned ({sorted(datasource_uids)})")

    for panel in panels_of(dashboard):
        if panel.get("type") == "row":
            continue
        label = f"panel '{panel.get('title')}' (id {panel.get('id')})"
        targets = panel.get("targets") or []
        if not targets:
            problems.add(where, f"{label}: no queries")
        check_datasource(label, panel.get("datasource"))
        for target in targets:
            check_datasource(label, target.get("datasource"))
            if not target.get("expr"):
                problems.add(where, f"{label}: query {target.get('refId')} has no PromQL expression")
                continue
            check_expr(label, target["expr"])
    for variable in (dashboard.get("templating") or {}).get("list") or []:
        query = variable.get("query")
        query = query.get("query") if isinstance(query, dict) else query
        if variable.get("type") == "query" and query:
            label = f"variable '{variable.get('name')}'"
            check_datasource(label, variable.get("datasource"))
            inner = re.fullmatch(r"\s*label_values\((.*),\s*\w+\)\s*", query)
            check_expr(label, inner.group(1) if inner else query)
    for name in REQUIRED_DASHBOARD_METRICS:
        if name not in used:
            problems.add(where, f"no panel shows {name}")


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", required=True)
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--source-dir", required=True, type=Path)
    parser.add_argument("--compose", type=Path, help="default: SOURCE_DIR/docker/compose.yaml")
    parser.add_argument("--dashboard", type=Path, action="append",
                        help="check these dashboards instead of the ones Grafana is provisioned with")
    args = parser.parse_args()
    source_dir = args.source_dir.resolve()
    compose_file = (args.compose or source_dir / "docker/compose.yaml").resolve()
    problems = Problems()

    compose = check_compose(compose_file, source_dir, problems)
    check_dockerfile(source_dir, problems)
    datasource_uids, dashboards = set(), []
    if compose is not None:
        check_prometheus(compose, compose_file, problems)
        datasource_uids, dashboards = check_grafana(compose, compose_file, problems)
    if args.dashboard:
        dashboards = [d.resolve() for d in args.dashboard]
        datasource_uids = datasource_uids or {"prometheus"}

    scraped = scraped_metrics(args.engine, args.plugin_dir)
    from_sources = plugin_source_metrics(source_dir / "plugins", problems)
    for name, kind in sorted(scraped.items()):
        if not name.startswith("streamline_") and from_sources.get(name) != kind:
            problems.add("plugins/", f"the scrape shows {kind} {name}, which the source scan found as "
                                     f"{from_sources.get(name)}: the scan misses how plugins register metrics")
    known = series_names({**PROMETHEUS_GENERATED, **from_sources, **scraped})
    for dashboard in dashboards:
        check_dashboard(dashboard, known, datasource_uids, problems)

    if problems.items:
        print(f"check_docker_files: {len(problems.items)} problem(s):", file=sys.stderr)
        for item in problems.items:
            print(f"  {item}", file=sys.stderr)
        return 1
    print(f"check_docker_files: {compose_file.name}, prometheus.yml, Grafana provisioning and "
          f"{len(dashboards)} dashboard(s) valid; {len(scraped)} metrics scraped from the engine, "
          f"{len(from_sources)} registered by plugin sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
