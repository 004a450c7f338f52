package dev.wharf.model.agent;

/**
 * The control plane's answer to a {@link HostRegistration}: the host's id and its own secret.
 *
 * <p>The daemon sends the token as {@code Authorization: Bearer <token>} on every later agent call. The
 * control plane stores only a hash of it, so it is shown exactly once.
 *
 * @param hostId the id the control plane gave the host
 * @param token  the host's credential
 */
public record HostCredential(String hostId, String token) {
}
