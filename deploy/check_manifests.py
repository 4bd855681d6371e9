"""Offline checks of the deploy files that need Python (run by deploy/check-manifests.sh).

  check_manifests.py k8s VERSION FILE...      every rendered resource against the Kubernetes
                                              schemas of VERSION (kubernetes-validate, strict)
  check_manifests.py compose SCHEMA FILE      compose.yaml against the Compose spec's JSON
                                              schema, then the project's own rules
  check_manifests.py dockerfile FILE          the final stage: non-root, healthcheck on /health

Prints one line per finding and exits 1 if there is any.
"""

import json
import re
import sys

import jsonschema
import kubernetes_validate
import yaml

# Custom resources: no schema ships with kubernetes-validate, so they are only checked for
# apiVersion/kind/metadata.name here (Helm's own rendering already parsed them).
CRDS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"),
    ("monitoring.coreos.com/v1", "PrometheusRule"),
    ("postgresql.cnpg.io/v1", "Cluster"),
}

# Settings that are secrets: in compose.yaml only their KAKEIBO_<KEY>_FILE form may be set.
SECRET_VARIABLES = {
    "KAKEIBO_DATABASE__URL",
    "KAKEIBO_LLM__API_KEY",
    "KAKEIBO_TELEGRAM__BOT_TOKEN",
    "KAKEIBO_TELEGRAM__WEBHOOK_SECRET",
    "KAKEIBO_BANK__PLAID__SECRET",
    "KAKEIBO_BANK__GOCARDLESS__SECRET_KEY",
    "POSTGRES_PASSWORD",
}

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def check_k8s(version, files):
    counts = {"validated": 0, "crd": 0}
    for name in files:
        with open(name) as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        for doc in docs:
            kind = doc.get("kind")
            where = f"{name}: {kind}/{doc.get('metadata', {}).get('name')}"
            if (doc.get("apiVersion"), kind) in CRDS:
                if not doc.get("metadata", {}).get("name") or "spec" not in doc:
                    problem(where, "custom resource without metadata.name or spec")
                counts["crd"] += 1
                continue
            try:
                kubernetes_validate.validate(doc, version, strict=True)
                counts["validated"] += 1
            except kubernetes_validate.ValidationError as e:
                path = "/".join(str(p) for p in e.path)
                problem(where, f"{path}: {e.message}")
            except kubernetes_validate.SchemaNotFoundError as e:
                problem(where, f"no schema: {e}")
    print(f"    Kubernetes {version}: {counts['validated']} resources valid (strict), "
          f"{counts['crd']} custom resources skipped (ServiceMonitor, PrometheusRule, Cluster)")


def env_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def check_compose(schema_file, name):
    with open(schema_file) as f:
        schema = json.load(f)
    # The packaged schema predates the top-level `name` (compose-spec, 2022); add it as
    # the current spec defines it.
    schema["properties"].setdefault(
        "name", {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"})
    with open(name) as f:
        compose = yaml.safe_load(f)  # resolves the `<<: *kakeibo` merge keys
    validator = jsonschema.Draft201909Validator(schema)
    for error in sorted(validator.iter_errors(compose), key=lambda e: list(e.path)):
        problem(name, f"{'/'.join(map(str, error.path))}: {error.message}")

    services = compose.get("services", {})
    secrets = compose.get("secrets", {})
    for required in ("api", "worker", "bot", "migrate", "db"):
        if required not in services:
            problem(name, f"no `{required}` service")
    for sname, service in services.items():
        where = f"{name}: services.{sname}"
        env = env_of(service)
        for var in SECRET_VARIABLES & set(env):
            problem(where, f"{var} in the environment: give {var}_FILE and a secret")
        used = {s if isinstance(s, str) else s["source"] for s in service.get("secrets", [])}
        for var, value in env.items():
            match = re.fullmatch(r"/run/secrets/([\w.-]+)", str(value or ""))
            if var.endswith("_FILE") and match and match.group(1) not in used:
                problem(where, f"{var} names secret {match.group(1)}, which the service lacks")
        for secret in used:
            if "file" not in secrets.get(secret, {}):
                problem(where, f"secret {secret} is not declared with a file")
        for dep in service.get("depends_on", {}) or {}:
            if dep not in services:
                problem(where, f"depends on unknown service {dep}")
        if str(service.get("image", "")).startswith("${KAKEIBO_IMAGE"):
            if service.get("read_only") is not True:
                problem(where, "the kakeibo image must run with read_only: true")
            if str(service.get("user", "0")).split(":")[0] in ("0", "root"):
                problem(where, "the kakeibo image must run as a non-root user")
    api_check = " ".join(services.get("api", {}).get("healthcheck", {}).get("test", []))
    if "/health" not in api_check:
        problem(f"{name}: services.api", "healthcheck does not call /health")
    if services.get("migrate", {}).get("command") != ["migrate"]:
        problem(f"{name}: services.migrate", "must run `kakeibo migrate`")
    print(f"    {name}: Compose schema and project rules checked ({len(services)} services)")


def check_dockerfile(name):
    with open(name) as f:
        text = f.read()
    final = text[text.rindex("\nFROM "):]
    if not re.search(r"\nFROM \$\{RUNTIME_IMAGE\}", final) or \
            not re.search(r"ARG RUNTIME_IMAGE=\S*(distroless|slim)", text):
        problem(name, "the final stage is not distroless or slim")
    user = re.search(r"\nUSER (\S+)", final)
    if not user or user.group(1).split(":")[0] in ("0", "root"):
        problem(name, "the final stage does not switch to a non-root USER")
    if not re.search(r"\nHEALTHCHECK [^\n]*(\\\n[^\n]*)*/health", final):
        problem(name, "no HEALTHCHECK on /health in the final stage")
    # checkov cannot see through `FROM ${ARG}` (CKV_DOCKER_7 is skipped): check here that
    # every base image argument names a version tag.
    for arg, image in re.findall(r"\nARG (\w+_IMAGE)=(\S+)", text):
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        if not tag or tag == "latest":
            problem(name, f"{arg} {image} has no version tag")
    print(f"    {name}: final stage distroless, non-root, HEALTHCHECK /health, base images tagged")


def main(argv):
    what, args = argv[1], argv[2:]
    if what == "k8s":
        check_k8s(args[0], args[1:])
    elif what == "compose":
        check_compose(args[0], args[1])
    elif what == "dockerfile":
        check_dockerfile(args[0])
    else:
        sys.exit(__doc__)
    for line in problems:
        print(f"    FAIL {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
