/**
 * The protocol between a host daemon and the control plane. The daemon always opens the connection (so hosts
 * behind NAT work): it registers once with a join token ({@link dev.wharf.model.agent.HostRegistration} →
 * {@link dev.wharf.model.agent.HostCredential}), then sends {@link dev.wharf.model.agent.Heartbeat}s with its
 * full observed state and gets the host's full {@link dev.wharf.model.agent.DesiredState} back.
 * All types are plain records that Jackson reads and writes; {@code Instant}s need jackson-datatype-jsr310.
 */
package dev.wharf.model.agent;
