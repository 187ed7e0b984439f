#!/usr/bin/env python3
"""Writes dashboards/rag-suite.json (the Grafana dashboard) from the panel list below.

Edit this file, not the JSON, and run `python3 deploy/grafana/generate-dashboard.py`. Metric names
are the ones the services export (Micrometer: dots become underscores, counters end in _total,
timers in _seconds, with _bucket series from LatencyHistograms); docs/operations.md lists them.
"""
import json
import os

DS = {"type": "prometheus", "uid": "prometheus"}
SEL = 'job="rag-suite", service=~"$service"'
RI = "$__rate_interval"

panels = []
_id = [0]
_y = [0]


def next_id():
    _id[0] += 1
    return _id[0]


def row(title):
    panels.append({"type": "row", "title": title, "id": next_id(), "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": _y[0]}, "panels": []})
    _y[0] += 1


_x = [0]


def panel(title, targets, unit="short", kind="timeseries", w=8, h=8, description="", max_=None):
    if _x[0] + w > 24:
        _x[0] = 0
        _y[0] += h
    p = {
        "type": kind, "title": title, "id": next_id(), "datasource": DS, "description": description,
        "gridPos": {"h": h, "w": w, "x": _x[0], "y": _y[0]},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
        "targets": [{"datasource": DS, "expr": e, "legendFormat": l, "refId": chr(65 + i)}
                    for i, (e, l) in enumerate(targets)],
    }
    if max_ is not None:
        p["fieldConfig"]["defaults"]["max"] = max_
    if kind == "stat":
        p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "background", "graphMode": "none", "textMode": "value_and_name"}
    panels.append(p)
    _x[0] += w


def end_row(h=8):
    _x[0] = 0
    _y[0] += h


def quantiles(metric, by, sel, legend):
    return [
        (f'histogram_quantile(0.50, sum by ({by}, le) (rate({metric}_bucket{{{sel}}}[{RI}])))', f"p50 {legend}"),
        (f'histogram_quantile(0.95, sum by ({by}, le) (rate({metric}_bucket{{{sel}}}[{RI}])))', f"p95 {legend}"),
        (f'sum by ({by}) (rate({metric}_sum{{{sel}}}[{RI}])) / sum by ({by}) (rate({metric}_count{{{sel}}}[{RI}]))',
         f"mean {legend}"),
    ]


# ---------------------------------------------------------------- golden signals per service
row("Golden signals per service")
panel("Up", [(f'up{{{SEL}}}', "{{service}} {{instance}}")], kind="stat", w=24, h=4,
      description="1 = Prometheus scrapes the instance")
end_row(4)
panel("Traffic: requests per second", [
    (f'sum by (service) (rate(http_server_requests_seconds_count{{{SEL}}}[{RI}]))', "{{service}}")], unit="reqps")
panel("Errors: share of 5xx responses", [
    (f'sum by (service) (rate(http_server_requests_seconds_count{{{SEL}, status=~"5.."}}[{RI}]))'
     f' / sum by (service) (rate(http_server_requests_seconds_count{{{SEL}}}[{RI}]))', "{{service}}")],
    unit="percentunit")
panel("Errors: 4xx responses per second", [
    (f'sum by (service) (rate(http_server_requests_seconds_count{{{SEL}, status=~"4.."}}[{RI}]))', "{{service}}")],
    unit="reqps")
end_row()
panel("Latency: HTTP p50 / p95 / mean", quantiles("http_server_requests_seconds", "service", SEL, "{{service}}"),
      unit="s", w=12,
      description="buckets from LatencyHistograms (common); requests under /q (health, metrics) are not counted")
panel("Saturation: JVM heap used / max", [
    (f'sum by (service, instance) (jvm_memory_used_bytes{{{SEL}, area="heap"}})'
     f' / sum by (service, instance) (jvm_memory_max_bytes{{{SEL}, area="heap"}} > 0)', "{{service}} {{instance}}")],
    unit="percentunit", w=12, max_=1)
end_row()
panel("Saturation: process CPU", [
    (f'process_cpu_usage{{{SEL}}}', "{{service}} {{instance}}")], unit="percentunit", w=12)
panel("Saturation: live threads", [
    (f'jvm_threads_live_threads{{{SEL}}}', "{{service}} {{instance}}")], w=12)
end_row()

# ---------------------------------------------------------------- RAG
row("Ingestion")
panel("Documents by state", [('max by (state) (rag_ingest_documents{job="rag-suite"})', "{{state}}")],
      description="database-wide counts, reported by every ingest replica (max, not sum)")
panel("Chunks ingested per second", [
    (f'sum(rate(rag_ingest_chunks_total{{job="rag-suite"}}[{RI}]))', "indexed (ingest)"),
    (f'sum(rate(rag_vector_chunks_upserted_total{{job="rag-suite"}}[{RI}]))', "upserted (vector)")], unit="ops")
panel("Ingestion jobs by outcome", [
    (f'sum by (outcome) (rate(rag_ingest_jobs_total{{job="rag-suite"}}[{RI}]))', "{{outcome}}"),
    (f'sum(increase(rag_ingest_dead_letters_total{{job="rag-suite"}}[{RI}]))', "dead letters")], unit="ops")
end_row()
panel("Parse / embed / whole job: mean seconds", [
    (f'sum(rate(rag_ingest_parse_seconds_sum{{job="rag-suite"}}[{RI}])) / sum(rate(rag_ingest_parse_seconds_count{{job="rag-suite"}}[{RI}]))', "parse + chunk"),
    (f'sum(rate(rag_ingest_embed_seconds_sum{{job="rag-suite"}}[{RI}])) / sum(rate(rag_ingest_embed_seconds_count{{job="rag-suite"}}[{RI}]))', "embed + stage batch"),
    (f'sum(rate(rag_ingest_job_seconds_sum{{job="rag-suite"}}[{RI}])) / sum(rate(rag_ingest_job_seconds_count{{job="rag-suite"}}[{RI}]))', "whole job")],
    unit="s", w=12)
panel("Index size and re-embedding", [
    ('max(rag_vector_index_chunks{job="rag-suite"})', "chunks in the active index"),
    ('max by (kind) (rag_vector_reindex_chunks{job="rag-suite"})', "re-embedding {{kind}}")], w=12)
end_row()
panel("Stream lag per consumer group", [
    ('max by (stream, group) (rag_stream_lag{job="rag-suite"})', "{{group}} on {{stream}}")], w=12,
      description="entries not read yet by the group (XINFO GROUPS lag); every replica reports the same group: max")
panel("Stream pending entries per consumer group", [
    ('max by (stream, group) (rag_stream_pending{job="rag-suite"})', "{{group}} on {{stream}}")], w=12,
      description="entries read by a consumer but not acknowledged yet (XINFO GROUPS pending)")
end_row()

row("Retrieval and answers")
panel("Retrieval latency (chat → vector-service)",
      quantiles("rag_chat_retrieval_seconds", "outcome", 'job="rag-suite"', "{{outcome}}"), unit="s")
panel("Vector search latency (inside vector-service)",
      quantiles("rag_vector_search_seconds", "backend", 'job="rag-suite"', "{{backend}}"), unit="s")
panel("Embedding latency", quantiles("rag_vector_embedding_seconds", "model, kind", 'job="rag-suite"',
                                     "{{model}} {{kind}}"), unit="s")
end_row()
panel("Answer generation latency by mode (LLM vs extractive)",
      quantiles("rag_chat_generation_seconds", "mode", 'job="rag-suite"', "{{mode}}"), unit="s")
panel("Answers per second by mode", [
    (f'sum by (mode) (rate(rag_chat_answers_total{{job="rag-suite"}}[{RI}]))', "{{mode}}")], unit="ops")
panel("Invalid citations", [
    (f'sum(rate(rag_citation_invalid_total{{job="rag-suite"}}[{RI}]))', "invalid markers / s"),
    (f'sum(rate(rag_citation_invalid_total{{job="rag-suite"}}[{RI}])) / sum(rate(rag_chat_answers_total{{job="rag-suite", mode="llm"}}[{RI}]))', "per LLM answer")])
end_row()
panel("Cache hit ratio", [
    (f'sum(rate(rag_chat_answer_cache_total{{job="rag-suite", result="hit"}}[{RI}])) / sum(rate(rag_chat_answer_cache_total{{job="rag-suite", result=~"hit|miss"}}[{RI}]))', "answer cache"),
    (f'sum(rate(rag_vector_embedding_cache_total{{job="rag-suite", result="hit"}}[{RI}])) / sum(rate(rag_vector_embedding_cache_total{{job="rag-suite", result=~"hit|miss"}}[{RI}]))', "embedding cache")],
    unit="percentunit", max_=1)
panel("Cache errors", [
    (f'sum(rate(rag_chat_answer_cache_total{{job="rag-suite", result="error"}}[{RI}]))', "answer cache"),
    (f'sum by (operation) (rate(rag_vector_embedding_cache_errors_total{{job="rag-suite"}}[{RI}]))', "embedding cache {{operation}}")],
    unit="ops")
panel("Streamed answers cut mid-way", [
    (f'sum(rate(rag_chat_stream_cut_total{{job="rag-suite"}}[{RI}]))', "cut / s")], unit="ops")
end_row()
panel("Language-model tokens per second", [
    (f'sum by (model, type) (rate(rag_chat_tokens_total{{job="rag-suite"}}[{RI}]))', "{{model}} {{type}}")],
    unit="short", w=12, description="from each Ollama response's token usage (prompt_eval_count, eval_count); empty while answers are extractive")
panel("Language-model tokens by call (last hour)", [
    ('sum by (call, type) (increase(rag_chat_tokens_total{job="rag-suite"}[1h]))', "{{call}} {{type}}")], w=12)
end_row()

row("Edge: gateway and auth")
panel("Gateway rejections by reason", [
    (f'sum by (reason) (rate(rag_gateway_rejected_total{{job="rag-suite"}}[{RI}]))', "{{reason}}")], unit="reqps", w=12)
panel("Rate limiter: local mode and Redis failures", [
    ('max by (instance) (rag_gateway_ratelimit_local_mode{job="rag-suite"})', "local mode {{instance}}"),
    (f'sum(rate(rag_gateway_ratelimit_redis_failures_total{{job="rag-suite"}}[{RI}]))', "Redis failures / s"),
    (f'sum(rate(rag_gateway_ratelimit_local_decisions_total{{job="rag-suite"}}[{RI}]))', "local decisions / s")], w=12)
end_row()
panel("Logins by outcome and reason", [
    (f'sum by (outcome, reason) (rate(rag_auth_logins_total{{job="rag-suite"}}[{RI}]))', "{{outcome}} {{reason}}")],
    unit="ops", w=12)
panel("Registrations", [
    (f'sum by (outcome) (rate(rag_auth_registrations_total{{job="rag-suite"}}[{RI}]))', "{{outcome}}")],
    unit="ops", w=12)
end_row()

dashboard = {
    "uid": "rag-suite-overview",
    "title": "rag-suite overview",
    "description": "Golden signals per service and the RAG pipeline (provisioned from deploy/grafana)",
    "tags": ["rag-suite"],
    "timezone": "utc",
    "schemaVersion": 39,
    "version": 1,
    "editable": False,
    "refresh": "30s",
    "time": {"from": "now-3h", "to": "now"},
    "templating": {"list": [{
        "name": "service", "label": "service", "type": "query", "datasource": DS,
        "query": 'label_values(up{job="rag-suite"}, service)',
        "definition": 'label_values(up{job="rag-suite"}, service)',
        "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2,
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
    }]},
    "links": [{"title": "Traces (Jaeger)", "type": "link", "url": "http://127.0.0.1:16686", "targetBlank": True}],
    "panels": panels,
}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards", "rag-suite.json")
with open(out, "w") as f:
    json.dump(dashboard, f, indent=2)
    f.write("\n")
print(f"wrote {out}: {sum(1 for p in panels if p['type'] != 'row')} panels")
