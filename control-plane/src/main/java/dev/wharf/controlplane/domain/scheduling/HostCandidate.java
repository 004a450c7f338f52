package dev.wharf.controlplane.domain.scheduling;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A host as the scheduler sees it during one pass: what it offers and what is already placed on it. The pass
 * adds every decision to it ({@link #assign}), so many containers are placed in one go without reading the
 * database again and without overcommitting a host.
 */
public final class HostCandidate {
    private final String id;
    private final String name;
    private final String address;
    private final Map<String, String> labels;
    private final boolean accepting;
    private final String notAcceptingReason;
    private final double cpus;
    private final long memoryBytes;
    private final Set<String> images;
    private double usedCpus;
    private long usedMemory;
    private int containers;
    private final Set<String> hostPorts = new HashSet<>();
    private final Map<String, Integer> groups = new HashMap<>();

    /**
     * @param accepting          ready and not cordoned
     * @param notAcceptingReason e.g. {@code down} or {@code cordoned}, when not accepting
     * @param cpus               allocatable CPUs (0 = unknown: CPU requests are not checked)
     * @param memoryBytes        allocatable memory (0 = unknown: memory requests are not checked)
     * @param images             image references known to be on the host (locality)
     */
    public HostCandidate(String id, String name, String address, Map<String, String> labels, boolean accepting,
                         String notAcceptingReason, double cpus, long memoryBytes, Set<String> images) {
        this.id = id;
        this.name = name;
        this.address = address;
        this.labels = labels == null ? Map.of() : labels;
        this.accepting = accepting;
        this.notAcceptingReason = notAcceptingReason;
        this.cpus = cpus;
        this.memoryBytes = memoryBytes;
        this.images = images == null ? new HashSet<>() : new HashSet<>(images);
    }

    /** Counts a container that is already on the host (or was just placed there). */
    public void assign(double cpuRequest, long memoryRequest, Iterable<String> portKeys, String group, String image) {
        usedCpus += cpuRequest;
        usedMemory += memoryRequest;
        containers++;
        if (portKeys != null) {
            portKeys.forEach(hostPorts::add);
        }
        if (group != null) {
            groups.merge(group, 1, Integer::sum);
        }
        if (image != null) {
            images.add(image);
        }
    }

    /** Sets what is already on the host, from the database's totals. */
    public HostCandidate seed(double cpuTotal, long memoryTotal, long containerCount, Set<String> ports,
                              Map<String, Integer> groupCounts) {
        usedCpus = cpuTotal;
        usedMemory = memoryTotal;
        containers = (int) containerCount;
        if (ports != null) {
            hostPorts.addAll(ports);
        }
        if (groupCounts != null) {
            groups.putAll(groupCounts);
        }
        return this;
    }

    /** Load of the host after adding a container with these requests, 0 (empty) to about 1 (full) per resource. */
    double loadWith(double cpuRequest, long memoryRequest) {
        double cpu = cpus > 0 ? (usedCpus + cpuRequest) / cpus : 0;
        double mem = memoryBytes > 0 ? (double) (usedMemory + memoryRequest) / memoryBytes : 0;
        return Math.max(cpu, mem);
    }

    public String id() { return id; }
    public String name() { return name; }
    public String address() { return address; }
    public Map<String, String> labels() { return labels; }
    public boolean accepting() { return accepting; }
    public String notAcceptingReason() { return notAcceptingReason; }
    public double cpus() { return cpus; }
    public long memoryBytes() { return memoryBytes; }
    public double usedCpus() { return usedCpus; }
    public long usedMemory() { return usedMemory; }
    public int containers() { return containers; }
    public boolean holdsImage(String image) { return images.contains(image); }
    public boolean portTaken(String key) { return hostPorts.contains(key); }
    public int inGroup(String group) { return groups.getOrDefault(group, 0); }
}
