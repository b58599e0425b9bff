"""`make fuzz`: the long schemathesis campaign against a release daemon; figures into BENCHMARKS.md.

The same set-up as `make test`'s contract test (Tests/contract/test_contract.py: the demo box, online
payment against a fake Razorpay, a token for each role), but campaigns of many more examples per
operation, one role after another with a new seed each, until the daemon has answered FUZZ_REQUESTS
requests (default 100,000; counted by the daemon itself, from `intellidine_http_requests_total`).
Targets: 0 failures (no 5xx; status codes, content types, headers and bodies as openapi.yaml says),
the daemon alive throughout, and `PRAGMA integrity_check` = ok afterwards.

Run: `python3 bench/fuzz.py <intellidine binary>`; FUZZ_EXAMPLES sets examples per operation per
campaign (default 100). The section "Reliability" goes at the top of BENCHMARKS.md.
"""
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "contract"))
sys.path.insert(0, HERE)
import test_contract as contract  # noqa: E402  (takes the binary's path from argv through test_web_apps)
from hot_paths import rss_mb  # noqa: E402
from run import prepend_report  # noqa: E402


def requests_answered(daemon, token):
    request = urllib.request.Request(daemon.base + "/metrics", headers={"Authorization": "Bearer " + token})
    text = urllib.request.urlopen(request, timeout=10).read().decode()
    # Labels hold routes with braces (`/api/orders/{id}`): the value is the line's last field.
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("intellidine_http_requests_total{"))


def main():
    target = int(os.environ.get("FUZZ_REQUESTS", "100000"))
    examples = int(os.environ.get("FUZZ_EXAMPLES", "100"))
    daemon, razorpay = contract.contract_daemon()
    started = time.time()
    campaigns = []
    try:
        tokens = contract.role_tokens(daemon)
        # A token for reading the counter that no campaign signs out or fuzzes.
        metrics_token = daemon.staff_token("manager1", "manager-demo-1")
        rss_start = rss_mb(daemon.process.pid)
        seed = 1
        while requests_answered(daemon, metrics_token) < target:
            for role, token in tokens.items():
                report = os.path.join(daemon.state, f"fuzz-{seed}-{role}.json")
                result = contract.schemathesis(daemon, token, examples, 20261203 + seed, report)
                campaigns.append({"role": role, "seed": 20261203 + seed, "cases": result["test_cases"]["generated"],
                                  "failures": result["failures"], "errors": result["errors"], "seconds": result["running_time"],
                                  "alive": daemon.process.poll() is None})
                print(json.dumps(campaigns[-1])[:400], flush=True)
                if daemon.process.poll() is not None:
                    raise SystemExit("the daemon died during the campaign: " + result["output"])
                seed += 1
                if requests_answered(daemon, metrics_token) >= target:
                    break
        answered = requests_answered(daemon, metrics_token)
        rss_end = rss_mb(daemon.process.pid)
        database = os.path.join(daemon.state, "db", "intellidine.sqlite")
        integrity = subprocess.run(["sqlite3", database, "PRAGMA integrity_check"], capture_output=True, text=True).stdout.strip()
    finally:
        daemon.stop()
        razorpay.shutdown()
    failures = [failure for c in campaigns for failure in c["failures"]]
    errors = [error for c in campaigns for error in c["errors"]]
    minutes = (time.time() - started) / 60
    by_role = {}
    for c in campaigns:
        by_role.setdefault(c["role"], 0)
        by_role[c["role"]] += c["cases"]
    report = f"""## Reliability: the API fuzzed against its contract

{datetime.date.today().isoformat()}, {platform.node()} ({os.cpu_count()} cores), `make fuzz` (`python3 bench/fuzz.py
.build/release/intellidine`): schemathesis {contract_version()} against openapi.yaml, {len(campaigns)} campaigns of
{examples} examples per operation, each role in turn with a new seed (examples, coverage, fuzzing and the stateful links),
checks `{contract.CHECKS}`.

| measure | figure | target |
|---|---|---|
| **requests the daemon answered** | **{answered:,.0f}** (its own `intellidine_http_requests_total`) | ≥ 100,000 |
| test cases generated | {sum(c['cases'] for c in campaigns):,} ({', '.join(f'{role} {n:,}' for role, n in by_role.items())}) | |
| **failures** | **{len(failures)}**{(': ' + '; '.join(f"{f['code']} {f['title']} on {', '.join(f['operations'])}" for f in failures))[:600] if failures else ''} | 0 |
| errors (schemathesis could not run a case) | {len(errors)} | 0 |
| the daemon | {'alive throughout' if all(c['alive'] for c in campaigns) else 'DIED'}; RSS {rss_start:.1f} → {rss_end:.1f} MB | alive |
| `PRAGMA integrity_check` afterwards | {integrity} | ok |
| wall time | {minutes:.1f} min | |
"""
    prepend_report(report)
    print(report)
    if failures or errors or integrity != "ok":
        raise SystemExit(1)


def contract_version():
    import schemathesis
    return schemathesis.__version__


if __name__ == "__main__":
    main()
