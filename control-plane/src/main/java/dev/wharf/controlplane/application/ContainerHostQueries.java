package dev.wharf.controlplane.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What a container's host says about it right now, through the host's Docker API tunnel: Docker's inspect
 * document and one stats sample. Read-only, for the dashboard's detail view.
 */
@ApplicationScoped
public class ContainerHostQueries {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One stats sample, reduced to what a person reads.
     *
     * @param cpuPercent  CPU use over the sample, as {@code docker stats} computes it (100 = one CPU), or null
     */
    public record Stats(Double cpuPercent, long memoryUsage, long memoryLimit, long netRx, long netTx, long blockRead,
                        long blockWrite, long pids) {
    }

    @Inject
    ContainerService containers;

    @Inject
    HostRepository hosts;

    @Inject
    HostDockerClient docker;

    /** The host's inspect document, indented. */
    public String inspect(String idOrName) {
        Container c = containers.get(idOrName);
        JsonNode json = docker.json(hostOf(c), DockerRequest.get("/containers/" + c.id() + "/json"));
        try {
            return PRETTY.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }

    public Stats stats(String idOrName) {
        Container c = containers.get(idOrName);
        JsonNode s = docker.json(hostOf(c), DockerRequest.get("/containers/" + c.id() + "/stats?stream=false"));
        JsonNode cpu = s.path("cpu_stats");
        JsonNode pre = s.path("precpu_stats");
        double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble() - pre.path("cpu_usage").path("total_usage").asDouble();
        double systemDelta = cpu.path("system_cpu_usage").asDouble() - pre.path("system_cpu_usage").asDouble();
        int cpus = cpu.path("online_cpus").asInt(1);
        Double percent = systemDelta > 0 && cpuDelta >= 0 ? cpuDelta / systemDelta * cpus * 100.0 : null;
        long rx = 0;
        long tx = 0;
        for (JsonNode n : s.path("networks")) {
            rx += n.path("rx_bytes").asLong();
            tx += n.path("tx_bytes").asLong();
        }
        long read = 0;
        long write = 0;
        for (JsonNode b : s.path("blkio_stats").path("io_service_bytes_recursive")) {
            String op = b.path("op").asText();
            if (op.equalsIgnoreCase("read")) {
                read += b.path("value").asLong();
            } else if (op.equalsIgnoreCase("write")) {
                write += b.path("value").asLong();
            }
        }
        return new Stats(percent, s.path("memory_stats").path("usage").asLong(), s.path("memory_stats").path("limit").asLong(),
                rx, tx, read, write, s.path("pids_stats").path("current").asLong());
    }

    private Host hostOf(Container c) {
        return hosts.find(c.hostId()).orElseThrow(() -> new NotFoundException("host", c.hostId()));
    }
}
