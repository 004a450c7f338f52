package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerRepository;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostLiveness;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.host.JoinTokenRepository;
import dev.wharf.controlplane.domain.shared.AuthenticationException;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.model.agent.DesiredContainer;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.Heartbeat;
import dev.wharf.model.agent.HostCredential;
import dev.wharf.model.agent.HostRegistration;
import dev.wharf.model.agent.ObservedContainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The control plane's side of the agent link: daemons join with the join token, then report their observed
 * state and receive the host's full desired state in return. Every call is idempotent, so a retried or
 * repeated message changes nothing more than the first.
 */
@ApplicationScoped
@Transactional
@dev.wharf.controlplane.application.scheduling.RetryOnConflict
public class AgentService {

    private static final Logger LOG = Logger.getLogger(AgentService.class.getName());

    @Inject
    HostRepository hosts;

    @Inject
    JoinTokenRepository joinTokens;

    @Inject
    ContainerRepository containers;

    @Inject
    NetworkService networks;

    @Inject
    dev.wharf.controlplane.application.scheduling.ClusterNetworkPlan clusterNetworks;

    /** Admits a host that presents a valid join token; re-registering a known hostname updates it. */
    public HostCredential register(HostRegistration registration) {
        if (registration == null) {
            throw InvalidInputException.of("body", "a registration is required");
        }
        new Validation()
                .notBlank(registration.joinToken(), "joinToken")
                .notBlank(registration.hostname(), "hostname")
                .maxLength(registration.hostname(), 255, "hostname")
                .require(registration.hostname() == null
                        || registration.hostname().matches("[A-Za-z0-9][A-Za-z0-9.-]*"), "hostname",
                        "may hold only letters, digits, '.' and '-'")
                .maxLength(registration.address(), 255, "address")
                .maxLength(registration.daemonVersion(), 64, "daemonVersion")
                .require(registration.cpus() >= 0, "cpus", "must not be negative")
                .require(registration.memoryBytes() >= 0, "memoryBytes", "must not be negative")
                .check();
        if (!joinTokenMatches(registration.joinToken())) {
            throw new AuthenticationException("the join token is not valid");
        }
        Instant now = Instant.now();
        Host host = hosts.findByName(registration.hostname())
                .orElseGet(() -> new Host(UUID.randomUUID().toString(), registration.hostname(), now));
        String credential = Secrets.newToken();
        host.registered(registration.address(), registration.daemonVersion(), registration.cpus(),
                registration.memoryBytes(), registration.labels(), Secrets.hashToken(credential), now);
        hosts.store(host);
        networks.allocateSubnets(host);
        LOG.info(() -> "host " + host.name() + " (" + host.id() + ") registered from " + registration.address());
        return new HostCredential(host.id(), credential);
    }

    /** Takes in a host's full observed state and answers with its full desired state. */
    public DesiredState heartbeat(String hostCredential, Heartbeat heartbeat) {
        Host host = authenticate(hostCredential);
        if (heartbeat == null) {
            throw InvalidInputException.of("body", "a heartbeat is required");
        }
        if (heartbeat.hostId() != null && !heartbeat.hostId().equals(host.id())) {
            throw InvalidInputException.of("hostId", "does not match the host credential");
        }
        Instant now = Instant.now();
        host.heartbeat(now);
        host.observedResources(heartbeat.memoryUsedBytes(), heartbeat.cpuLoad(), new HashSet<>(heartbeat.imageIds()));
        Map<String, ObservedContainer> seen = new HashMap<>();
        heartbeat.containers().forEach(c -> seen.put(c.id(), c));
        List<Container> placed = new java.util.ArrayList<>(containers.findByHost(host.id()));
        for (java.util.Iterator<Container> it = placed.iterator(); it.hasNext(); ) {
            Container container = it.next();
            ObservedContainer report = seen.get(container.id());
            if (report != null) {
                container.observed(report, now);
            } else if (container.desiredState() == DesiredContainerState.REMOVED) {
                containers.remove(container); // the daemon finished removing it
                it.remove();
            } else {
                container.observedAbsent(now);
            }
        }
        return desiredStateOf(host, placed); // the rows just read: no second query per heartbeat
    }

    /** The host's full desired state, for a daemon that (re)connects. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DesiredState desiredState(String hostCredential) {
        return desiredStateOf(authenticate(hostCredential));
    }

    /** The desired state of a host by id, for pushing to a daemon that is already authenticated. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DesiredState desiredStateOfHost(String hostId) {
        return desiredStateOf(hosts.find(hostId).orElseThrow(() -> new NotFoundException("host", hostId)));
    }

    /** The host a credential belongs to. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Host authenticate(String hostCredential) {
        if (hostCredential == null || hostCredential.isBlank()) {
            throw new AuthenticationException("a host credential is required");
        }
        return hosts.findByCredentialHash(Secrets.hashToken(hostCredential))
                .orElseThrow(() -> new AuthenticationException("the host credential is not valid"));
    }

    /** Marks hosts down whose heartbeats stopped; returns how many changed. */
    public int markSilentHostsDown(HostLiveness liveness) {
        int changed = hosts.markDownIfSilentSince(liveness.cutoff(Instant.now()));
        if (changed > 0) {
            LOG.warning(() -> changed + " host(s) marked down: no heartbeat within " + liveness.ttl().toSeconds()
                    + " s + " + liveness.grace().toSeconds() + " s grace");
        }
        return changed;
    }

    private DesiredState desiredStateOf(Host host) {
        return desiredStateOf(host, containers.findByHost(host.id()));
    }

    private DesiredState desiredStateOf(Host host, List<Container> placed) {
        List<DesiredContainer> wanted = placed.stream()
                .map(c -> new DesiredContainer(c.id(), c.name(), c.spec(), c.desiredState().apiName(), c.generation()))
                .toList();
        return new DesiredState(host.id(), wanted, clusterNetworks.forHost(host));
    }

    private boolean joinTokenMatches(String token) {
        byte[] presented = Secrets.hashToken(token).getBytes(StandardCharsets.US_ASCII);
        return joinTokens.findAll().stream().anyMatch(t ->
                MessageDigest.isEqual(presented, t.tokenHash().getBytes(StandardCharsets.US_ASCII)));
    }
}
