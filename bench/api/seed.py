"""Seeds the bench's control plane: logs in as the first-start admin, registers one host, creates N containers
on it with 8 concurrent clients, and prints the admin's bearer token."""
import concurrent.futures
import json
import sys
import threading
import time
import urllib.request

base, data_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])


def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")


secrets = dict(line.split("=", 1) for line in open(data_dir + "/initial-admin-password").read().split())
token = call("POST", "/api/v1/auth/login", {"username": "admin", "password": secrets["WHARF_ADMIN_PASSWORD"]})["token"]
join = open(data_dir + "/join-token").read().strip()
host = call("POST", "/api/v1/agent/register", {"joinToken": join, "hostname": "bench-host", "address": "127.0.0.1",
                                                "cpus": 64, "memoryBytes": 1 << 40})
call("POST", "/api/v1/agent/heartbeat", {"hostId": host["hostId"], "containers": []}, host["token"])
done = threading.Event()


def heartbeats():
    # keep the host ready (heartbeat TTL 15 s + 10 s grace) while seeding
    while not done.wait(5):
        call("POST", "/api/v1/agent/heartbeat", {"hostId": host["hostId"], "containers": []}, host["token"])


threading.Thread(target=heartbeats, daemon=True).start()
started = time.time()


def create(i):
    call("POST", "/api/v1/containers", {"name": "bench-%05d" % i, "image": "busybox:latest", "host": "bench-host",
                                        "command": ["httpd", "-f", "-p", "8080"], "env": ["INDEX=%d" % i],
                                        "labels": {"bench": "api"}}, token)


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    for n, _ in enumerate(pool.map(create, range(count)), 1):
        if n % 1000 == 0:
            print("created %d (%.0f/s)" % (n, n / (time.time() - started)), file=sys.stderr)
done.set()
# the bench keeps the host ready while it measures (bench/api/heartbeat.py)
with open(data_dir + "/../bench-host.json", "w") as f:
    json.dump({"hostId": host["hostId"], "token": host["token"]}, f)
print(token)
