package dev.wharf.model.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent records read and write the JSON the control plane's API documents. */
class AgentProtocolJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void registrationRoundTrips() throws Exception {
        HostRegistration registration = new HostRegistration("tok", "node1", "10.0.0.1", "0.1.0", 4, 8L << 30,
                Map.of("zone", "a"));
        String text = json.writeValueAsString(registration);
        assertTrue(text.contains("\"joinToken\":\"tok\""), text);
        assertTrue(text.contains("\"memoryBytes\":8589934592"), text);
        assertEquals(registration, json.readValue(text, HostRegistration.class));
    }

    @Test
    void missingCollectionsReadAsEmpty() throws Exception {
        HostRegistration registration = json.readValue("{\"joinToken\":\"t\",\"hostname\":\"n\"}", HostRegistration.class);
        assertEquals(Map.of(), registration.labels());
        DesiredState state = json.readValue("{\"hostId\":\"h\"}", DesiredState.class);
        assertEquals(List.of(), state.containers());
    }

    @Test
    void desiredStateRoundTripsWithItsSpec() throws Exception {
        DesiredState state = new DesiredState("h1", List.of(new DesiredContainer("c".repeat(64), "web",
                new ContainerSpec("busybox", List.of("httpd", "-f"), List.of("A=1"), Map.of()), "running", 2)));
        String text = json.writeValueAsString(state);
        assertTrue(text.contains("\"state\":\"running\""), text);
        assertEquals(state, json.readValue(text, DesiredState.class));
    }

    @Test
    void observedContainerKeepsAnAbsentExitCodeNull() throws Exception {
        ObservedContainer c = json.readValue(
                "{\"id\":\"x\",\"name\":\"web\",\"image\":\"busybox\",\"state\":\"running\",\"generation\":2}",
                ObservedContainer.class);
        assertEquals(null, c.exitCode());
        assertEquals(2, c.generation());
    }
}
