package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.registry.RegistryCredential;
import dev.wharf.controlplane.domain.registry.RegistryCredentialRepository;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.secrets.SecretBox;
import dev.wharf.model.image.ImageReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Logins for private registries, encrypted at rest, handed to daemons only as {@code X-Registry-Auth} on pulls. */
@ApplicationScoped
@Transactional
public class RegistryCredentialService {

    @Inject
    RegistryCredentialRepository credentials;

    public RegistryCredential create(String registry, String username, String password, Caller caller) {
        new Validation()
                .notBlank(registry, "registry")
                .require(registry == null || registry.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?"), "registry",
                        "must be a registry host with an optional port, e.g. registry.example.com:5000")
                .notBlank(username, "username")
                .maxLength(username, 255, "username")
                .notBlank(password, "password")
                .maxLength(password, 1024, "password")
                .check();
        String normalized = normalize(registry);
        if (credentials.findByRegistry(normalized).isPresent()) {
            throw new ConflictException("a credential for registry '" + normalized + "' already exists",
                    List.of(new FieldError("registry", "already has a credential; delete it first")));
        }
        RegistryCredential credential = new RegistryCredential(UUID.randomUUID().toString(), normalized, username,
                SecretBox.get().encrypt(password), caller.username(), Instant.now());
        credentials.store(credential);
        return credential;
    }

    public List<RegistryCredential> list() {
        return credentials.findAll();
    }

    public void remove(String idOrRegistry) {
        credentials.remove(credentials.find(idOrRegistry).or(() -> credentials.findByRegistry(normalize(idOrRegistry)))
                .orElseThrow(() -> new NotFoundException("registry credential", idOrRegistry)));
    }

    /** The {@code X-Registry-Auth} value for pulling this image, if a credential for its registry is stored. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> registryAuthFor(ImageReference image) {
        return credentials.findByRegistry(normalize(image.domain())).map(c -> {
            Map<String, String> auth = new LinkedHashMap<>();
            auth.put("username", c.username());
            auth.put("password", SecretBox.get().decrypt(c.sealedPassword()));
            auth.put("serveraddress", c.registry());
            StringBuilder json = new StringBuilder("{");
            auth.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
            json.append('}');
            return Base64.getUrlEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static String normalize(String registry) {
        return registry == null ? null : registry.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
