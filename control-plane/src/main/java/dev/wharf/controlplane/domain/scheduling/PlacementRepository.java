package dev.wharf.controlplane.domain.scheduling;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.host.Host;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reads one scheduling pass needs, each one query over all hosts (never one query per host). */
public interface PlacementRepository {

    /** Every host with its labels. */
    List<Host> hostsWithLabels();

    /** Containers waiting for a host whose back-off has passed, oldest first. */
    List<Container> pending(Instant now, int skip, int limit);

    /** Requests summed per host. */
    List<HostLoad> loads();

    /** Containers per host and group, for the given groups (null: all): host id → group → count. */
    Map<String, Map<String, Integer>> groupCounts(Set<String> groups);

    /** Host ports taken per host: host id → {@code 8080/tcp}, ... */
    Map<String, Set<String>> hostPorts();

    /** Image references per host among {@code images} (null: all), from the containers placed there (locality). */
    Map<String, Set<String>> imagesByHost(Set<String> images);

    /**
     * Puts pending containers on a host in one statement (no full-row update per container); only rows still
     * pending are touched, and their version is raised so concurrent writers notice. Returns the rows changed.
     */
    int placeAll(String hostId, java.util.Collection<String> containerIds);

    /** Active (not removed) containers on hosts that are down. */
    List<Container> activeOnDownHosts();

    /** Active containers on draining hosts that no other container replaces yet. */
    List<Container> unreplacedOnDrainingHosts();

    /** Active containers that replace another one (drains and updates in flight). */
    List<Container> replacements();

    /** Adds new containers without a flush per row (they are flushed in JDBC batches at commit). */
    void add(Container container);

    /** Flushes pending changes to the database (one batch). */
    void flush();

    /** Flushes, then forgets every loaded entity (later bulk statements need not dirty-check them). */
    void flushAndClear();

    /** The named cluster setting, or null. */
    String setting(String name);

    void setting(String name, String value);
}
