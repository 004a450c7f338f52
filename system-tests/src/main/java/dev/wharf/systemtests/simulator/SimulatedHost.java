package dev.wharf.systemtests.simulator;

import dev.wharf.model.agent.DesiredContainer;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.Heartbeat;
import dev.wharf.model.agent.HostCredential;
import dev.wharf.model.agent.ObservedContainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated daemon: it holds the desired state it last received and reports every container in it as the
 * state asked for ({@code running}, {@code exited} for stopped, gone for removed) at the desired generation, with
 * an address from its own range — what a converged real daemon reports. Runs no container.
 */
final class SimulatedHost {
    final String name;
    final int index;
    volatile HostCredential credential;
    private volatile DesiredState desired;
    private final Map<String, Integer> addresses = new HashMap<>();
    private int nextAddress = 2;

    SimulatedHost(String name, int index) {
        this.name = name;
        this.index = index;
    }

    /** Takes a desired state; returns the ids of containers this host sees for the first time. */
    synchronized List<String> desired(DesiredState state) {
        List<String> fresh = new ArrayList<>();
        for (DesiredContainer c : state.containers()) {
            if (!"removed".equals(c.state()) && !addresses.containsKey(c.id())) {
                addresses.put(c.id(), nextAddress++);
                fresh.add(c.id());
            }
        }
        this.desired = state;
        return fresh;
    }

    synchronized Heartbeat heartbeat() {
        List<ObservedContainer> observed = new ArrayList<>();
        DesiredState d = desired;
        if (d != null) {
            for (DesiredContainer c : d.containers()) {
                String state = switch (c.state()) {
                    case "running" -> "running";
                    case "stopped" -> "exited";
                    case "removed" -> null;
                    default -> "created";
                };
                if (state == null) {
                    addresses.remove(c.id());
                    continue;
                }
                int a = addresses.computeIfAbsent(c.id(), k -> nextAddress++);
                observed.add(new ObservedContainer(c.id(), c.name(), c.spec().image(), state,
                        "exited".equals(state) ? 0 : null, "running".equals(state) ? address(a) : null, c.generation()));
            }
        }
        return new Heartbeat(credential.hostId(), Instant.now(), observed, List.of("sha256:" + "0".repeat(64)),
                1L << 30, 0.1);
    }

    private String address(int a) {
        // 10.<host>.<host>.<n>: unique per host, like a per-host subnet of a cluster pool
        return "10." + ((index >> 8) & 255) + "." + (index & 255) + "." + (a % 250 + 2);
    }
}
