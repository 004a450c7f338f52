package dev.wharf.controlplane.domain.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places containers on hosts in two steps, as Nomad and Swarm do. <b>Feasibility</b>: the host is ready and not
 * cordoned, is not one the container moves off, satisfies every constraint, has the CPU and memory left for the
 * requests, has the host ports free, and holds fewer than {@code maxPerHost} of the container's group.
 * <b>Ranking</b> among the feasible hosts, by the {@link SchedulerAlgorithm}:
 * <ul>
 * <li>spread: fewest containers of the same group first, then the least load (the larger of CPU and memory
 * used / allocatable), then the fewest containers;</li>
 * <li>binpack: the highest load that still fits, then the most containers;</li>
 * </ul>
 * and in both an image locality bonus that is smaller than one container's difference, so it breaks ties
 * towards hosts that already hold the image without undoing the spread. Ties left go to the host name, so
 * decisions are reproducible.
 *
 * <p>A batch is placed in one pass: each decision is added to its host's {@link HostCandidate} before the next
 * container is looked at. Not thread-safe; one pass at a time.
 */
public final class Scheduler {

    private static final double LOCALITY_BONUS = 0.5;

    private final SchedulerAlgorithm algorithm;

    public Scheduler(SchedulerAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /** Places each request in order, accounting every decision on its host; one answer per request. */
    public List<Placement> place(List<PlacementRequest> requests, List<HostCandidate> hosts) {
        List<Placement> out = new ArrayList<>(requests.size());
        for (PlacementRequest r : requests) {
            out.add(placeOne(r, hosts));
        }
        return out;
    }

    /** Places one request and accounts it on the chosen host. */
    public Placement placeOne(PlacementRequest r, List<HostCandidate> hosts) {
        HostCandidate best = null;
        double bestScore = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        for (HostCandidate h : hosts) {
            String why = infeasible(r, h);
            if (why != null) {
                refusals.merge(why, 1, Integer::sum);
                continue;
            }
            double score = score(r, h);
            if (best == null || score > bestScore || (score == bestScore && h.name().compareTo(best.name()) < 0)) {
                best = h;
                bestScore = score;
            }
        }
        if (best == null) {
            return new Placement(r.containerId(), null, reason(hosts.size(), refusals));
        }
        best.assign(r.cpus(), r.memoryBytes(), r.portKeys(), r.group(), r.image());
        return new Placement(r.containerId(), best.id(), null);
    }

    /** Why the host cannot take the container, or null if it can. */
    static String infeasible(PlacementRequest r, HostCandidate h) {
        if (r.pinnedHost() != null && !r.pinnedHost().equals(h.id())) {
            return "not the requested host";
        }
        if (!h.accepting()) {
            return h.notAcceptingReason() == null ? "not ready" : h.notAcceptingReason();
        }
        if (r.avoidHosts().contains(h.id())) {
            return "being moved off";
        }
        for (Constraint c : r.constraints()) {
            if (!c.matches(h)) {
                return "constraint " + c;
            }
        }
        if (r.cpus() > 0 && h.cpus() > 0 && h.usedCpus() + r.cpus() > h.cpus() + 1e-9) {
            return "not enough CPU";
        }
        if (r.memoryBytes() > 0 && h.memoryBytes() > 0 && h.usedMemory() + r.memoryBytes() > h.memoryBytes()) {
            return "not enough memory";
        }
        for (String port : r.portKeys()) {
            if (h.portTaken(port)) {
                return "port " + port + " taken";
            }
        }
        if (r.group() != null && r.maxPerHost() > 0 && h.inGroup(r.group()) >= r.maxPerHost()) {
            return "max " + r.maxPerHost() + " of group " + r.group() + " per host";
        }
        return null;
    }

    private double score(PlacementRequest r, HostCandidate h) {
        double load = h.loadWith(r.cpus(), r.memoryBytes());
        double locality = r.image() != null && h.holdsImage(r.image()) ? LOCALITY_BONUS : 0;
        if (algorithm == SchedulerAlgorithm.BINPACK) {
            return 1000 * load + h.containers() + locality;
        }
        int sameGroup = r.group() == null ? 0 : h.inGroup(r.group());
        return -1_000_000.0 * sameGroup - 1000 * load - h.containers() + locality;
    }

    private static String reason(int hostCount, Map<String, Integer> refusals) {
        if (hostCount == 0) {
            return "no hosts have joined the cluster";
        }
        StringBuilder sb = new StringBuilder("no host fits (" + hostCount + (hostCount == 1 ? " host" : " hosts") + ": ");
        boolean first = true;
        for (Map.Entry<String, Integer> e : refusals.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
            first = false;
        }
        return sb.append(')').toString();
    }
}
