#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 12's abuse measurements against a real hearth-server on loopback (docs/benchmarks.md).

    python3 bench/abuse.py [--server build/dev/server/hearth-server] [--runs 3]

Starts a private PostgreSQL (scripts/pg-cluster.sh) and the given server binary, then, bounded
in count and time and on loopback only:
  1. peak server memory while two clients send 300 MB bodies without logging in;
  2. slow senders: 200 connections trickling a header a byte a second, for 20 s;
  3. /v1/health latency (p50, p95, max) while 50 wrong-password enrolments of 50 real users
     (each from its own 127.0.0.x address, so each runs Argon2id) and a 1,000-entry push are in
     flight;
  4. the time a refused enrolment takes for a real user against an unknown one (medians).
Run it with an older build's server to compare (the figures are ratios in one sitting).
"""
import argparse
import faulthandler
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def request(port, method, path, body=b"", headers=None, source="127.0.0.1", timeout=60):
    """One HTTP/1.1 request on its own connection; (status, body, seconds)."""
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    s.sendall(head.encode() + b"\r\n" + body)
    # Read the answer to its declared length (a server may keep the connection open), or to EOF.
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                length = None
                for line in data[:head_end].split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is not None and len(data) >= head_end + 4 + length:
                    break
    except OSError:
        pass
    s.close()
    elapsed = time.monotonic() - start
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.split(b"\r\n\r\n", 1)[-1], elapsed


class Server:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.dir = workdir
        pg_port = free_port()
        out = subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-cluster.sh"), "start", os.path.join(workdir, "pg"),
                              str(pg_port)], capture_output=True, text=True, check=True)
        self.url = out.stdout.strip()
        self.port = free_port()
        args = [binary, "--database", self.url, "--listen", f"127.0.0.1:{self.port}"]
        # A server from before the photo store (an older build compared against) takes no --photos.
        if "--photos" in subprocess.run([binary, "--help"], capture_output=True, text=True).stdout:
            args += ["--photos", os.path.join(workdir, "photos")]
        self.proc = subprocess.Popen(args,
                                     stdout=subprocess.PIPE, stderr=open(os.path.join(workdir, "server.log"), "w"))
        self.proc.stdout.readline()  # "listening on ..." once ready
        # Newer servers check scopes against the area table; older ones have no such command.
        self.admin(["areas", "import", os.path.join(ROOT, "tests/data/areas")])

    def admin(self, args, password=""):
        env = dict(os.environ, HEARTH_PASSWORD=password)
        return subprocess.run([self.binary, "--database", self.url, "admin"] + args, env=env, capture_output=True,
                              text=True).returncode

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-cluster.sh"), "stop", os.path.join(self.dir, "pg")],
                       capture_output=True)


def big_bodies(srv, clients=2, size=300_000_000):
    """Peak RSS (MiB) while `clients` send `size`-byte bodies to /v1/push without a token."""
    before = rss_kib(srv.proc.pid, "VmRSS")
    peak = [before]
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(srv.proc.pid, "VmRSS"))
            time.sleep(0.02)

    def send():
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(f"POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n\r\n".encode())
        block = b"x" * (1 << 20)
        sent = 0
        deadline = time.monotonic() + 60
        try:
            while sent < size and time.monotonic() < deadline:
                s.sendall(block)
                sent += len(block)
            s.recv(1024)
        except OSError:
            pass
        s.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    senders = [threading.Thread(target=send) for _ in range(clients)]
    for t in senders:
        t.start()
    for t in senders:
        t.join()
    time.sleep(0.5)
    done.set()
    watcher.join()
    return before / 1024, peak[0] / 1024


def slow_senders(srv, count=200, seconds=20):
    """Connections trickling a header; how many the server still holds open after `seconds`,
    and /v1/health meanwhile."""
    socks = []
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            s.sendall(b"POST /v1/push HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        except OSError:
            break
    health = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for s in list(socks):
            try:
                s.sendall(b"X")
            except OSError:
                socks.remove(s)
        try:
            health.append(request(srv.port, "GET", "/v1/health", timeout=10)[2] * 1000)
        except OSError:
            health.append(10_000)
        time.sleep(1)
    still = 0
    for s in socks:
        try:
            s.sendall(b"X")
            s.settimeout(0.2)
            still += s.recv(1, socket.MSG_PEEK) != b""
        except socket.timeout:
            still += 1
        except OSError:
            pass
        s.close()
    return still, max(health) if health else -1


def visit_batch(n):
    entries = []
    for i in range(n):
        entries.append({"seq": i + 1, "entity": "person", "entity_id": f"bench-p{i}", "op": "create",
                        "payload": {"name": f"测试{i}", "area_code": "510321100027"}, "created_at": 1})
    return json.dumps({"entries": entries}).encode()


def health_under_load(srv, token):
    """/v1/health latencies (ms) while 50 Argon2id enrolments and a 1,000-entry push run."""
    results = []
    threads = []
    for i in range(50):
        # Real users with a wrong password: an older server skipped the hash for unknown names.
        body = json.dumps({"user": f"load{i}", "password": "wrong-password"}).encode()
        threads.append(threading.Thread(daemon=True, target=lambda b=body, a=f"127.0.0.{i + 2}": request(
            srv.port, "POST", "/v1/enrol", b, {"Content-Type": "application/json"}, source=a, timeout=60)))
    push = visit_batch(1000)
    threads.append(threading.Thread(daemon=True, target=lambda: results.append(request(
        srv.port, "POST", "/v1/push", push, {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        timeout=120))))
    for t in threads:
        t.start()
    time.sleep(0.05)
    latencies = []
    unanswered = 0
    for _ in range(40):
        status, _, seconds = request(srv.port, "GET", "/v1/health", timeout=5)
        if status != 200:  # no answer within 5 s: counted as 5 s, and counted
            unanswered += 1
            seconds = 5.0
        latencies.append(seconds * 1000)
        time.sleep(0.05)
    for t in threads:
        t.join(timeout=120)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    push_status = results[0][0] if results else 0
    return statistics.median(latencies), p95, latencies[-1], push_status, unanswered


def refusal_times(srv, users, rounds=20):
    """Median ms to refuse a wrong password for real users and for unknown names, interleaved,
    each attempt from its own address and name (no attempt limit is reached)."""
    known, unknown = [], []
    for i in range(rounds):
        a = f"127.0.1.{i + 2}"
        body = json.dumps({"user": users[i], "password": "not-the-password"}).encode()
        known.append(request(srv.port, "POST", "/v1/enrol", body, {"Content-Type": "application/json"}, source=a)[2])
        body = json.dumps({"user": f"ghost{i}", "password": "not-the-password"}).encode()
        unknown.append(request(srv.port, "POST", "/v1/enrol", body, {"Content-Type": "application/json"},
                               source=f"127.0.2.{i + 2}")[2])
    return statistics.median(known) * 1000, statistics.median(unknown) * 1000


def enrolled_token(srv, users=()):
    for u in list(users) + ["wang"]:
        srv.admin(["user", "add", u, "--role", "cadre", "--scope", "510321100027"], "bench-secret-1")
    _, body, _ = request(srv.port, "POST", "/v1/enrol", json.dumps(
        {"user": "wang", "password": "bench-secret-1", "device_name": "bench"}).encode(),
        {"Content-Type": "application/json"})
    return json.loads(body)["token"]


def measure_bodies(srv):
    idle, peak = big_bodies(srv)
    return {"idle_mib": round(idle, 1), "peak_mib_300mb_bodies": round(peak, 1)}


def measure_health(srv):
    p50, p95, worst, push_status, unanswered = health_under_load(srv, enrolled_token(srv, [f"load{i}" for i in range(50)]))
    return {"health_p50_ms": round(p50, 1), "health_p95_ms": round(p95, 1), "health_max_ms": round(worst, 1),
            "health_unanswered_of_40": unanswered, "push_status": push_status}


def measure_refusals(srv):
    users = [f"known{i}" for i in range(20)]
    enrolled_token(srv, users)
    known, unknown = refusal_times(srv, users)
    return {"refuse_known_ms": round(known, 1), "refuse_unknown_ms": round(unknown, 1),
            "gap_pct": round(abs(known - unknown) / max(known, unknown) * 100, 1)}


def measure_slow(srv):
    still_open, slow_health = slow_senders(srv)
    return {"slow_senders_still_open_after_20s": still_open, "health_max_ms_during_slow_senders": round(slow_health, 1)}


def phase(name):
    print(f"  {time.strftime('%H:%M:%S')} {name}", file=sys.stderr, flush=True)


def main():
    faulthandler.dump_traceback_later(600, exit=True)  # a hung phase says where, and ends
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.path.join(ROOT, "build/dev/server/hearth-server"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for run in range(args.runs):
        row = {}
        # Each phase on a fresh server and database: one phase's damage does not spill into the next.
        for name, measure in (("300 MB bodies", measure_bodies), ("health under load", measure_health),
                              ("refusal times", measure_refusals), ("slow senders", measure_slow)):
            phase(name)
            with tempfile.TemporaryDirectory() as d:
                srv = Server(os.path.abspath(args.server), d)
                try:
                    row.update(measure(srv))
                finally:
                    srv.stop()
        rows.append(row)
        print(json.dumps(row), flush=True)
    print("medians:", json.dumps({k: statistics.median(r[k] for r in rows) for k in rows[0]}))


if __name__ == "__main__":
    sys.exit(main())
