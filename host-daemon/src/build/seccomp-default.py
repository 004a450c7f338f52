#!/usr/bin/env python3
"""Generates src/main/resources/dev/wharf/daemon/runtime/seccomp-default.json.

Source: containers/common's default profile as Debian ships it (/usr/share/containers/seccomp.json,
golang-github-containers-common, Apache-2.0), which podman uses. It allows namespace and mount syscalls to every
container and leaves the rest to capabilities; Docker's default profile instead allows them only with the capability
Docker documents (https://docs.docker.com/engine/security/seccomp/), so a container without CAP_SYS_ADMIN cannot
create user namespaces. This script applies exactly that difference and keeps the profile's format (moby's
includes/excludes by capability and arch), which dev.wharf.daemon.runtime.Seccomp turns into the OCI form.
Run: python3 src/build/seccomp-default.py > src/main/resources/dev/wharf/daemon/runtime/seccomp-default.json
"""
import json
import sys

SRC = "/usr/share/containers/seccomp.json"
GATED = {
    "CAP_SYS_ADMIN": ["unshare", "mount", "umount", "umount2", "setns", "pivot_root", "name_to_handle_at",
                      "mount_setattr", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick"],
    "CAP_SYSLOG": ["syslog"],
    "CAP_SYS_NICE": ["get_mempolicy", "set_mempolicy", "mbind"],
    "CAP_SYS_BOOT": ["reboot"],
    "CAP_SYS_TIME": ["clock_adjtime"],
}
CLONE_NEW_MASK = 0x7E020000  # CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
EPERM, ENOSYS = 1, 38

p = json.load(open(SRC))
removed = {n for names in GATED.values() for n in names} | {"clone", "clone3", "keyctl", "add_key", "request_key"}
rules = []
for r in p["syscalls"]:
    if r["action"] == "SCMP_ACT_ALLOW" and not r.get("includes") and not r.get("excludes") and not r.get("args"):
        r = dict(r, names=[n for n in r["names"] if n not in removed])
        if not r["names"]:
            continue
    rules.append(r)
for cap, names in GATED.items():
    rules.append({"names": names, "action": "SCMP_ACT_ALLOW", "includes": {"caps": [cap]}})
    rules.append({"names": names, "action": "SCMP_ACT_ERRNO", "errnoRet": EPERM, "excludes": {"caps": [cap]}})
rules.append({"names": ["clone", "clone3"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}})
rules.append({"names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]},
              "args": [{"index": 0, "value": CLONE_NEW_MASK, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]})
# (no errno rule for the rest of clone: an unconditional rule would override the conditional one in libseccomp)
# clone3's flags sit in a struct seccomp cannot read: ENOSYS makes libc fall back to clone, which is filtered
rules.append({"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ENOSYS, "excludes": {"caps": ["CAP_SYS_ADMIN"]}})
rules.append({"names": ["keyctl", "add_key", "request_key"], "action": "SCMP_ACT_ERRNO", "errnoRet": EPERM})
p["syscalls"] = rules
json.dump(p, sys.stdout, indent=1)
sys.stdout.write("\n")
