package dev.wharf.controlplane.domain.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.model.agent.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Placement outcomes of the scheduler: where containers land, and why they do not. */
class SchedulerTest {

    private static final long GIB = 1L << 30;

    private static HostCandidate host(String name, Map<String, String> labels) {
        return new HostCandidate("id-" + name, name, "192.0.2." + name.length(), labels, true, null, 4, 8 * GIB, Set.of());
    }

    private static List<HostCandidate> threeHosts() {
        return new ArrayList<>(List.of(host("a", Map.of("zone", "east", "disk", "ssd")),
                host("b", Map.of("zone", "west", "disk", "hdd")), host("c", Map.of("zone", "east", "disk", "nvme"))));
    }

    private static ContainerSpec spec(Double cpus, Long memory, List<String> ports, List<String> constraints,
                                      String group, Integer maxPerHost) {
        return new ContainerSpec("busybox", null, null, null, cpus, memory, ports, constraints, group, maxPerHost, null, null, null);
    }

    private static List<PlacementRequest> requests(int n, ContainerSpec spec) {
        List<PlacementRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PlacementRequest.of("c" + i, spec, null, Set.of()));
        }
        return out;
    }

    private static Map<String, Long> perHost(List<Placement> placements) {
        return placements.stream().filter(Placement::placed)
                .collect(Collectors.groupingBy(Placement::hostId, TreeMap::new, Collectors.counting()));
    }

    @Test
    void spreadPutsThirtyContainersTenOnEachOfThreeHosts() {
        List<Placement> out = new Scheduler(SchedulerAlgorithm.SPREAD).place(requests(30, spec(null, null, null, null, null, null)), threeHosts());
        assertEquals(Map.of("id-a", 10L, "id-b", 10L, "id-c", 10L), perHost(out));
    }

    @Test
    void spreadPrefersTheLeastLoadedHost() {
        List<HostCandidate> hosts = threeHosts();
        hosts.get(0).seed(3, 0, 3, null, null);
        hosts.get(1).seed(1, 0, 5, null, null);
        hosts.get(2).seed(2, 0, 1, null, null);
        Placement p = new Scheduler(SchedulerAlgorithm.SPREAD).placeOne(PlacementRequest.of("x", spec(0.5, null, null, null, null, null), null, Set.of()), hosts);
        assertEquals("id-b", p.hostId(), "b has the lowest CPU load even with the most containers");
    }

    @Test
    void binpackFillsOneHostBeforeTheNext() {
        List<Placement> out = new Scheduler(SchedulerAlgorithm.BINPACK).place(requests(10, spec(1.0, GIB, null, null, null, null)), threeHosts());
        // 4 CPUs per host: the first host takes 4, the next 4, the last 2
        assertEquals(List.of(2L, 4L, 4L), perHost(out).values().stream().sorted().toList());
        assertTrue(out.stream().allMatch(Placement::placed));
    }

    @Test
    void binpackPrefersTheFullestHostThatStillFits() {
        List<HostCandidate> hosts = threeHosts();
        hosts.get(1).seed(3, 0, 3, null, null);
        hosts.get(2).seed(3.5, 0, 3, null, null);
        Placement p = new Scheduler(SchedulerAlgorithm.BINPACK).placeOne(PlacementRequest.of("x", spec(1.0, null, null, null, null, null), null, Set.of()), hosts);
        assertEquals("id-b", p.hostId(), "c is fuller but has only 0.5 CPU left");
    }

    @Test
    void constraintsSelectHostsByLabelsAndAttributes() {
        Scheduler s = new Scheduler(SchedulerAlgorithm.SPREAD);
        assertEquals(Map.of("id-a", 3L, "id-c", 3L),
                perHost(s.place(requests(6, spec(null, null, null, List.of("label.zone == east"), null, null)), threeHosts())));
        assertEquals(Map.of("id-b", 4L),
                perHost(s.place(requests(4, spec(null, null, null, List.of("label.zone != east"), null, null)), threeHosts())));
        assertEquals(Map.of("id-a", 2L, "id-c", 2L),
                perHost(s.place(requests(4, spec(null, null, null, List.of("label.disk =~ ssd|nvme"), null, null)), threeHosts())));
        assertEquals(Map.of("id-c", 2L),
                perHost(s.place(requests(2, spec(null, null, null, List.of("node.hostname == c"), null, null)), threeHosts())));
        assertEquals(Map.of("id-a", 2L),
                perHost(s.place(requests(2, spec(null, null, null, List.of("label.zone == east", "node.hostname != c"), null, null)), threeHosts())));
    }

    @Test
    void anUnsatisfiableConstraintLeavesTheContainerPendingWithTheReason() {
        Placement p = new Scheduler(SchedulerAlgorithm.SPREAD).placeOne(
                PlacementRequest.of("x", spec(null, null, null, List.of("label.zone == mars"), null, null), null, Set.of()), threeHosts());
        assertFalse(p.placed());
        assertEquals("no host fits (3 hosts: 3 constraint label.zone == mars)", p.reason());
    }

    @Test
    void memoryRequestsNeverOvercommitAHost() {
        List<Placement> out = new Scheduler(SchedulerAlgorithm.SPREAD).place(requests(7, spec(null, 4 * GIB, null, null, null, null)), threeHosts());
        assertEquals(6, out.stream().filter(Placement::placed).count(), "8 GiB hosts take two 4 GiB containers each");
        assertEquals("no host fits (3 hosts: 3 not enough memory)", out.get(6).reason());
    }

    @Test
    void aHostPortIsTakenOncePerHost() {
        List<Placement> out = new Scheduler(SchedulerAlgorithm.BINPACK).place(requests(4, spec(null, null, List.of("8080:80/tcp"), null, null, null)), threeHosts());
        assertEquals(Map.of("id-a", 1L, "id-b", 1L, "id-c", 1L), perHost(out));
        assertEquals("no host fits (3 hosts: 3 port 8080/tcp taken)", out.get(3).reason());
        // another protocol or an ephemeral port does not clash
        assertTrue(new Scheduler(SchedulerAlgorithm.BINPACK).place(requests(2, spec(null, null, List.of("8080:80/udp", "80"), null, null, null)), threeHosts())
                .stream().allMatch(Placement::placed));
    }

    @Test
    void maxPerHostCapsAGroupEvenUnderBinpack() {
        List<Placement> out = new Scheduler(SchedulerAlgorithm.BINPACK).place(requests(7, spec(null, null, null, null, "web", 2)), threeHosts());
        assertEquals(Map.of("id-a", 2L, "id-b", 2L, "id-c", 2L), perHost(out));
        assertEquals("no host fits (3 hosts: 3 max 2 of group web per host)", out.get(6).reason());
    }

    @Test
    void spreadSpreadsAGroupBeforeLookingAtOtherContainers() {
        List<HostCandidate> hosts = threeHosts();
        hosts.get(0).seed(0, 0, 0, null, Map.of("web", 2));
        hosts.get(1).seed(0, 0, 10, null, null);
        hosts.get(2).seed(0, 0, 10, null, Map.of("web", 1));
        Placement p = new Scheduler(SchedulerAlgorithm.SPREAD).placeOne(PlacementRequest.of("x", spec(null, null, null, null, "web", null), null, Set.of()), hosts);
        assertEquals("id-b", p.hostId(), "b has no replica of web, although it has the most containers");
    }

    @Test
    void hostsThatAreDownCordonedOrBeingLeftAreNotUsed() {
        List<HostCandidate> hosts = List.of(
                new HostCandidate("h1", "a", null, Map.of(), false, "down", 4, 8 * GIB, Set.of()),
                new HostCandidate("h2", "b", null, Map.of(), false, "cordoned", 4, 8 * GIB, Set.of()),
                new HostCandidate("h3", "c", null, Map.of(), true, null, 4, 8 * GIB, Set.of()));
        Scheduler s = new Scheduler(SchedulerAlgorithm.SPREAD);
        assertEquals("h3", s.placeOne(PlacementRequest.of("x", spec(null, null, null, null, null, null), null, Set.of()), hosts).hostId());
        Placement p = s.placeOne(PlacementRequest.of("y", spec(null, null, null, null, null, null), null, Set.of("h3")), hosts);
        assertEquals("no host fits (3 hosts: 1 being moved off, 1 cordoned, 1 down)", p.reason());
        assertEquals("no hosts have joined the cluster",
                s.placeOne(PlacementRequest.of("z", spec(null, null, null, null, null, null), null, Set.of()), List.of()).reason());
    }

    @Test
    void imageLocalityBreaksTiesWithoutUndoingTheSpread() {
        List<HostCandidate> hosts = List.of(
                new HostCandidate("h1", "a", null, Map.of(), true, null, 4, 8 * GIB, Set.of()),
                new HostCandidate("h2", "b", null, Map.of(), true, null, 4, 8 * GIB, Set.of("busybox")));
        Scheduler s = new Scheduler(SchedulerAlgorithm.SPREAD);
        assertEquals("h2", s.placeOne(PlacementRequest.of("x", spec(null, null, null, null, null, null), null, Set.of()), hosts).hostId());
        assertEquals("h1", s.placeOne(PlacementRequest.of("y", spec(null, null, null, null, null, null), null, Set.of()), hosts).hostId(),
                "one container more outweighs holding the image");
    }

    @Test
    void badConstraintsAndPortsAreRefusedWithTheirProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Constraint.parse("zone = a")).getMessage().contains("is not"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Constraint.parse("cpu.count == 2")).getMessage().contains("unknown attribute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Constraint.parse("label.x =~ (")).getMessage().contains("regular expression"));
        assertEquals(new PortRequest("127.0.0.1", 8080, 80, "udp"), PortRequest.parse("127.0.0.1:8080:80/udp"));
        assertNull(PortRequest.parse("80").hostKey());
        assertThrows(IllegalArgumentException.class, () -> PortRequest.parse("70000:80"));
        assertThrows(IllegalArgumentException.class, () -> PortRequest.parse("80/sctp"));
    }

    @Test
    void aBatchOfManyPlacesFast() {
        List<HostCandidate> hosts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            hosts.add(new HostCandidate("h" + i, String.format("host-%04d", i), null, Map.of("zone", "z" + (i % 3)), true, null,
                    64, 256 * GIB, Set.of()));
        }
        List<PlacementRequest> reqs = requests(20_000, spec(0.1, 64L << 20, null, List.of("label.zone != z9"), "svc", 30));
        long t0 = System.nanoTime();
        List<Placement> out = new Scheduler(SchedulerAlgorithm.SPREAD).place(reqs, hosts);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(out.stream().allMatch(Placement::placed));
        assertEquals(20, perHost(out).values().stream().mapToLong(Long::longValue).max().orElseThrow(), "even spread");
        assertTrue(ms < 10_000, "20,000 placements on 1,000 hosts took " + ms + " ms");
    }
}
