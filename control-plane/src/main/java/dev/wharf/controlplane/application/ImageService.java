package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Images as the hosts report them in their heartbeats: which host holds which image id. */
@ApplicationScoped
@Transactional
public class ImageService {

    @Inject
    HostRepository hosts;

    @Inject
    HostDockerClient docker;

    /** One image id and the hosts that hold it. */
    public record ImageLocation(String id, List<String> hostIds, List<String> hostNames) {
    }

    public List<ImageLocation> listAcrossHosts() {
        Map<String, ImageLocation> byId = new TreeMap<>();
        for (Host host : hosts.findAll()) {
            for (String image : host.imageIds()) {
                ImageLocation location = byId.computeIfAbsent(image,
                        id -> new ImageLocation(id, new ArrayList<>(), new ArrayList<>()));
                location.hostIds().add(host.id());
                location.hostNames().add(host.name());
            }
        }
        return byId.values().stream()
                .map(l -> new ImageLocation(l.id(), List.copyOf(l.hostIds()), List.copyOf(l.hostNames())))
                .toList();
    }

    /** Tags an image on a host: {@code source} (name or id) gets the name {@code target} ({@code repo[:tag]}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void tag(String host, String source, String target) {
        Validation v = new Validation().notBlank(host, "host").notBlank(source, "source").notBlank(target, "target");
        ImageReference ref = null;
        if (target != null && !target.isBlank()) {
            try {
                ref = ImageReference.parse(target);
                v.require(ref.digest() == null, "target", "must be a name with an optional tag, not a digest");
            } catch (InvalidReferenceException e) {
                v.require(false, "target", e.getMessage());
            }
        }
        v.check();
        Host h = hostNamed(host);
        String repo = ref.nameOnly().toString();
        String tag = ref.tag() == null ? ImageReference.DEFAULT_TAG : ref.tag();
        drain(h, DockerRequest.post("/images/" + encodeName(source) + "/tag?repo="
                + URLEncoder.encode(repo, StandardCharsets.UTF_8) + "&tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)));
    }

    /** Removes an image (by name or id) from a host; returns Docker's list of untagged and deleted items. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public JsonNode remove(String host, String image, boolean force) {
        new Validation().notBlank(host, "host").notBlank(image, "image").check();
        Host h = hostNamed(host);
        return docker.json(h, DockerRequest.delete("/images/" + encodeName(image) + "?force=" + (force ? "1" : "0")));
    }

    private Host hostNamed(String host) {
        return hosts.find(host).or(() -> hosts.findByName(host)).orElseThrow(() -> new NotFoundException("host", host));
    }

    private void drain(Host host, DockerRequest request) {
        try (DockerResponse response = HostDockerClient.expectSuccess(host, docker.send(host, request))) {
            response.body().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Image names keep their slashes and colons in Docker's paths; anything else is escaped. */
    private static String encodeName(String name) {
        if (!name.matches("[A-Za-z0-9._:/@-]+")) {
            throw InvalidInputException.of("image", "'" + name + "' is not an image name or id");
        }
        return name;
    }
}
