package dev.wharf.controlplane.application;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a host's images through its Docker API tunnel, for the dashboard's per-host image list and history.
 * Read-only; pulls, tags and removals go through {@link ImagePullService} and {@link ImageService}.
 */
@ApplicationScoped
public class HostImageQueries {

    /** One image on a host, as {@code GET /images/json} describes it. */
    public record HostImage(String id, List<String> tags, long size, long created) {
    }

    /** One history entry: the instruction that made a layer, and its size. */
    public record HistoryEntry(String id, long created, String createdBy, long size, String comment) {
    }

    @Inject
    HostRepository hosts;

    @Inject
    HostDockerClient docker;

    public List<HostImage> list(String host) {
        new Validation().notBlank(host, "host").check();
        List<HostImage> images = new ArrayList<>();
        for (JsonNode i : docker.json(find(host), DockerRequest.get("/images/json"))) {
            List<String> tags = new ArrayList<>();
            i.path("RepoTags").forEach(t -> tags.add(t.asText()));
            images.add(new HostImage(i.path("Id").asText(), tags, i.path("Size").asLong(), i.path("Created").asLong()));
        }
        return images;
    }

    public List<HistoryEntry> history(String host, String image) {
        new Validation().notBlank(host, "host").notBlank(image, "image").check();
        if (!image.matches("[A-Za-z0-9._:/@-]+")) {
            throw InvalidInputException.of("image", "'" + image + "' is not an image name or id");
        }
        List<HistoryEntry> entries = new ArrayList<>();
        for (JsonNode h : docker.json(find(host), DockerRequest.get("/images/" + image + "/history"))) {
            entries.add(new HistoryEntry(h.path("Id").asText(), h.path("Created").asLong(),
                    h.path("CreatedBy").asText(), h.path("Size").asLong(), h.path("Comment").asText()));
        }
        return entries;
    }

    private Host find(String host) {
        return hosts.find(host).or(() -> hosts.findByName(host)).orElseThrow(() -> new NotFoundException("host", host));
    }
}
