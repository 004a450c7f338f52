package dev.wharf.model.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A normalized image reference, {@code domain/path[:tag][@digest]}, parsed exactly as Docker's
 * {@code reference.ParseNormalizedNamed} does ({@code busybox} is {@code docker.io/library/busybox}).
 *
 * <p>The grammar and the normalization rules are those of github.com/distribution/reference (see
 * {@link ReferenceGrammar}). One deliberate difference: where Docker would return a name without a domain
 * (a first component such as {@code my_host.com} that contains a dot but is not a valid host name), this
 * class rejects the reference instead of producing a reference nobody can pull.
 *
 * @param domain the registry domain with optional port, e.g. {@code docker.io}, {@code 127.0.0.1:5000},
 *               {@code [::1]:5000}; never null
 * @param path   the repository path inside the registry, e.g. {@code library/busybox}; never null
 * @param tag    the tag, or null
 * @param digest the manifest digest, or null
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {

    /** Docker Hub's canonical domain in references. */
    public static final String DOCKER_HUB = "docker.io";
    /** The host that actually serves Docker Hub's registry API. */
    public static final String DOCKER_HUB_REGISTRY = "registry-1.docker.io";
    /** The tag used when a reference names neither a tag nor a digest. */
    public static final String DEFAULT_TAG = "latest";
    /** Longest repository path Docker accepts. */
    public static final int MAX_PATH_LENGTH = 255;

    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final Set<String> DIGEST_ALGORITHMS = Set.of("sha256", "sha384", "sha512");

    /** Validates each part against the reference grammar; use {@link #parse} to read user input. */
    public ImageReference {
        if (domain == null || !ReferenceGrammar.DOMAIN_AND_PORT.matcher(domain).matches()) {
            throw new InvalidReferenceException("invalid reference format: domain \"" + domain
                    + "\" is not a valid registry host[:port]");
        }
        if (path == null || !ReferenceGrammar.REMOTE_NAME.matcher(path).matches()) {
            throw new InvalidReferenceException("invalid reference format: repository path \"" + path
                    + "\" is not valid (lowercase components separated by /)");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidReferenceException("invalid reference format \"" + path
                    + "\": repository name must not be more than " + MAX_PATH_LENGTH + " characters");
        }
        if (tag != null && !isValidTag(tag)) {
            throw invalidTag(tag);
        }
        if (digest != null && !DIGEST_ALGORITHMS.contains(digest.algorithm())) {
            throw new InvalidReferenceException("invalid reference format: unsupported digest algorithm \""
                    + digest.algorithm() + "\" (use sha256, sha384 or sha512)");
        }
    }

    /**
     * Parses and normalizes a reference as the docker CLI does ({@code docker pull busybox}).
     *
     * @throws InvalidReferenceException with a message that says what is wrong and quotes the input
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ImageReference parse(String s) {
        if (s == null || s.isEmpty()) {
            throw invalid(s == null ? "" : s, "repository name must have at least one component");
        }
        if (s.length() > ReferenceGrammar.MAX_INPUT_LENGTH) {
            throw invalid(s.substring(0, 64) + "...", "reference is longer than "
                    + ReferenceGrammar.MAX_INPUT_LENGTH + " characters");
        }
        if (ReferenceGrammar.IDENTIFIER.matcher(s).matches()) {
            throw new InvalidReferenceException("invalid repository name (" + s
                    + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(s);
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remote = tagSep < 0 ? remainder : remainder.substring(0, tagSep);
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException("invalid reference format: repository name (" + remote
                    + ") must be lowercase");
        }
        String full = split[0] + "/" + remainder;
        Matcher m = ReferenceGrammar.REFERENCE.matcher(full);
        if (!m.matches()) {
            if (ReferenceGrammar.REFERENCE.matcher(full.toLowerCase(Locale.ROOT)).matches()) {
                throw invalid(s, "repository name must be lowercase");
            }
            throw new InvalidReferenceException(ReferenceGrammar.explain(s));
        }
        Matcher name = ReferenceGrammar.ANCHORED_NAME.matcher(m.group(1));
        if (!name.matches() || name.group(1) == null) {
            throw invalid(s, "\"" + split[0] + "\" is not a valid registry host");
        }
        if (name.group(2).length() > MAX_PATH_LENGTH) {
            throw invalid(s, "repository name must not be more than " + MAX_PATH_LENGTH + " characters");
        }
        Digest digest = null;
        if (m.group(3) != null) {
            String algorithm = m.group(3).substring(0, m.group(3).indexOf(':'));
            if (!DIGEST_ALGORITHMS.contains(algorithm)) {
                throw invalid(s, "unsupported digest algorithm \"" + algorithm + "\"");
            }
            try {
                digest = Digest.parse(m.group(3));
            } catch (InvalidDigestException e) {
                throw invalid(s, e.getMessage());
            }
        }
        return new ImageReference(name.group(1), name.group(2), m.group(2), digest);
    }

    /** True if {@code tag} matches Docker's tag grammar {@code [\w][\w.-]{0,127}}. */
    public static boolean isValidTag(String tag) {
        return tag != null && ReferenceGrammar.TAG.matcher(tag).matches();
    }

    /** {@code domain/path}, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The name as docker shows it: {@code busybox}, {@code ns/app}, {@code 127.0.0.1:5000/ns/app}. */
    public String familiarName() {
        if (!DOCKER_HUB.equals(domain)) {
            return name();
        }
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** The familiar name with {@code :tag} and {@code @digest} when present, e.g. {@code busybox:latest}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    /** The full canonical form, e.g. {@code docker.io/library/busybox:latest}. */
    @JsonValue
    @Override
    public String toString() {
        return name() + suffix();
    }

    /** This reference with tag {@code latest} if it has neither tag nor digest (Docker's TagNameOnly). */
    public ImageReference withDefaultTag() {
        return tag == null && digest == null ? withTag(DEFAULT_TAG) : this;
    }

    /**
     * This reference with another tag (a digest is kept).
     *
     * @throws InvalidReferenceException if the tag is not valid
     */
    public ImageReference withTag(String newTag) {
        if (!isValidTag(newTag)) {
            throw invalidTag(newTag);
        }
        return new ImageReference(domain, path, newTag, digest);
    }

    /** This reference with another digest (a tag is kept). */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, tag, Objects.requireNonNull(newDigest, "digest"));
    }

    /** Only the repository: no tag, no digest. */
    public ImageReference nameOnly() {
        return tag == null && digest == null ? this : new ImageReference(domain, path, null, null);
    }

    /** The host[:port] to contact for the registry API ({@code registry-1.docker.io} for Docker Hub). */
    public String registryHost() {
        return DOCKER_HUB.equals(domain) ? DOCKER_HUB_REGISTRY : domain;
    }

    /** True if the image lives on Docker Hub. */
    public boolean isDockerHub() {
        return DOCKER_HUB.equals(domain);
    }

    /**
     * What to put after {@code /v2/<path>/manifests/}: the digest if there is one, else the tag, else
     * {@code latest}.
     */
    public String manifestReference() {
        if (digest != null) {
            return digest.toString();
        }
        return tag != null ? tag : DEFAULT_TAG;
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** Docker's splitDockerDomain: returns {domain, remainder}; the remainder still holds tag and digest. */
    private static String[] splitDockerDomain(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return new String[] {DOCKER_HUB, OFFICIAL_PREFIX + s};
        }
        String maybeDomain = s.substring(0, slash);
        String rest = s.substring(slash + 1);
        String domain;
        String remainder;
        if (maybeDomain.equals("localhost")
                || maybeDomain.indexOf('.') >= 0 || maybeDomain.indexOf(':') >= 0
                || !maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : maybeDomain;
            remainder = rest;
        } else {
            domain = DOCKER_HUB;
            remainder = s;
        }
        if (domain.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static InvalidReferenceException invalid(String input, String problem) {
        return new InvalidReferenceException("invalid reference format \"" + input + "\": " + problem);
    }

    private static InvalidReferenceException invalidTag(String tag) {
        return new InvalidReferenceException("invalid tag \"" + tag + "\": " + ReferenceGrammar.TAG_RULE);
    }
}
