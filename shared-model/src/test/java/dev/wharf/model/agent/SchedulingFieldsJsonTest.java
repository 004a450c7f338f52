package dev.wharf.model.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The multi-host fields are optional on the wire: old JSON reads, and unset fields are not written. */
class SchedulingFieldsJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aBasicSpecWritesNoSchedulingFields() throws Exception {
        String text = json.writeValueAsString(new ContainerSpec("busybox", List.of("true"), null, null));
        assertEquals("{\"image\":\"busybox\",\"command\":[\"true\"],\"env\":[],\"labels\":{}}", text);
    }

    @Test
    void schedulingFieldsRoundTrip() throws Exception {
        ContainerSpec spec = new ContainerSpec("busybox", null, null, Map.of("a", "b"), 0.5, 64L << 20,
                List.of("8080:80/tcp"), List.of("label.zone == a"), "web", 1, "always", "overlay", List.of("data:/data"));
        String text = json.writeValueAsString(spec);
        assertTrue(text.contains("\"constraints\":[\"label.zone == a\"]"), text);
        assertTrue(text.contains("\"volumes\":[\"data:/data\"]"), text);
        assertEquals(spec, json.readValue(text, ContainerSpec.class));
        assertTrue(spec.movesOnHostLoss());
        assertFalse(new ContainerSpec("busybox", null, null, null).movesOnHostLoss());
    }

    @Test
    void desiredStateCarriesClusterNetworksAndOldJsonHasNone() throws Exception {
        DesiredState state = new DesiredState("h1", List.of(), List.of(new ClusterNetwork("overlay", "10.200.0.0/16",
                "10.200.1.0/24", "10.200.1.1", "routed", null,
                List.of(new ClusterNetwork.NetworkPeer("h2", "192.0.2.2", "10.200.2.0/24")))));
        String text = json.writeValueAsString(state);
        assertEquals(state, json.readValue(text, DesiredState.class));
        assertEquals(List.of(), json.readValue("{\"hostId\":\"h\",\"containers\":[]}", DesiredState.class).networks());
        assertFalse(json.writeValueAsString(new DesiredState("h", List.of())).contains("networks"));
    }

    @Test
    void anOlderReaderIgnoresTheNewFields() throws Exception {
        // what a daemon built before these fields sees: its mapper skips unknown properties
        ObjectMapper old = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        String text = json.writeValueAsString(new ContainerSpec("busybox", null, null, null, 1.0, null, null,
                List.of("node.hostname == a"), null, null, null, null, null));
        assertEquals("busybox", old.readValue(text, Basic.class).image());
    }

    record Basic(String image) {
    }
}
