"""Sends the bench host's heartbeat every 8 s (TTL 15 s + 10 s grace) until killed, so it stays ready and no
failover work runs in the control plane while the bench measures."""
import json
import sys
import time
import urllib.request

base, host_file = sys.argv[1], sys.argv[2]
host = json.load(open(host_file))
while True:
    req = urllib.request.Request(base + "/api/v1/agent/heartbeat", method="POST",
                                 data=json.dumps({"hostId": host["hostId"], "containers": []}).encode())
    req.add_header("Content-Type", "application/json")
    req.add_header("Authorization", "Bearer " + host["token"])
    try:
        urllib.request.urlopen(req, timeout=30).read()
    except Exception as e:  # keep trying; the bench reports what it measures
        print("heartbeat failed: %s" % e, file=sys.stderr)
    time.sleep(8)
