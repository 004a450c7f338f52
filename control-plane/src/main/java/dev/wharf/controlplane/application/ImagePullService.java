package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.host.HostState;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.HostApiException;
import dev.wharf.controlplane.domain.shared.HostUnavailableException;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import dev.wharf.controlplane.infrastructure.dockerapi.JsonMessages;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Pulls an image onto one host or all connected ready hosts, through each host's Docker API tunnel, with the
 * stored registry credential when there is one. Jobs live in memory for an hour after they finish.
 */
@ApplicationScoped
public class ImagePullService {

    private static final Duration KEEP_FINISHED = Duration.ofHours(1);

    @Inject
    HostRepository hosts;

    @Inject
    HostDockerClient docker;

    @Inject
    RegistryCredentialService registries;

    @Resource
    ManagedExecutorService executor;

    private final Map<String, PullJob> jobs = new ConcurrentHashMap<>();

    /**
     * Starts a pull. With a host, that host must be connected (else 503); without, every ready host that is
     * connected takes part (409 if none).
     */
    public PullJob start(String image, String host, Caller caller) {
        ImageReference ref;
        try {
            if (image == null || image.isBlank()) {
                throw InvalidInputException.of("image", "must not be blank");
            }
            ref = ImageReference.parse(image).withDefaultTag();
        } catch (InvalidReferenceException e) {
            throw InvalidInputException.of("image", e.getMessage());
        }
        List<Host> targets;
        if (host != null) {
            Host h = hosts.find(host).or(() -> hosts.findByName(host))
                    .orElseThrow(() -> InvalidInputException.of("host", "no host '" + host + "'"));
            if (!docker.isConnected(h)) {
                throw new HostUnavailableException(h.name(), "host '" + h.name() + "' is not connected to the "
                        + "control plane (its Docker API tunnel is down)");
            }
            targets = List.of(h);
        } else {
            targets = hosts.findAll().stream().filter(h -> h.state() == HostState.READY && docker.isConnected(h)).toList();
            if (targets.isEmpty()) {
                throw new ConflictException("no ready host is connected to pull onto");
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        targets.forEach(h -> names.put(h.id(), h.name()));
        PullJob job = new PullJob(UUID.randomUUID().toString(), ref.familiarString(), caller.username(), names);
        forgetOldJobs();
        jobs.put(job.id(), job);
        Optional<String> auth = registries.registryAuthFor(ref);
        Executor run = executor != null ? executor : Runnable::run;
        CompletableFuture<?>[] pulls = targets.stream()
                .map(h -> CompletableFuture.runAsync(() -> pull(job, h, ref, auth), run))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(pulls).whenComplete((ok, failure) -> job.finish());
        return job;
    }

    public PullJob get(String id) {
        PullJob job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException("pull job", id);
        }
        return job;
    }

    private void pull(PullJob job, Host host, ImageReference ref, Optional<String> auth) {
        job.started(host.id());
        String path = "/images/create?fromImage=" + URLEncoder.encode(ref.nameOnly().toString(), StandardCharsets.UTF_8)
                + "&tag=" + URLEncoder.encode(ref.digest() != null ? ref.digest().toString() : ref.tag(),
                StandardCharsets.UTF_8);
        DockerRequest request = DockerRequest.post(path);
        if (auth.isPresent()) {
            request = request.withHeader("X-Registry-Auth", auth.get());
        }
        String[] error = new String[1];
        try (DockerResponse response = HostDockerClient.expectSuccess(host,
                docker.send(host, request, Duration.ofMinutes(5)))) {
            JsonMessages.forEach(response.body(), message -> {
                if (message.hasNonNull("error")) {
                    error[0] = message.get("error").asText();
                } else {
                    job.message(host.id(), message);
                }
            });
        } catch (HostApiException | HostUnavailableException e) {
            error[0] = e.getMessage();
        } catch (IOException | RuntimeException e) {
            error[0] = "host '" + host.name() + "' broke off the pull: " + e.getMessage();
        }
        if (error[0] != null) {
            job.failed(host.id(), error[0]);
        } else {
            job.succeeded(host.id());
        }
    }

    private void forgetOldJobs() {
        Instant cutoff = Instant.now().minus(KEEP_FINISHED);
        jobs.values().removeIf(j -> j.snapshot().finishedAt() != null && j.snapshot().finishedAt().isBefore(cutoff));
    }
}
