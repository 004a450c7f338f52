package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    @Test
    void publishedAndExposedPortsBecomeTheListDockerPsPrints() {
        Map<String, Object> inspect = new java.util.LinkedHashMap<>();
        inspect.put("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "18080")));
        inspect.put("53/udp", null);
        List<Map<String, Object>> ps = ContainerViews.portList(inspect);
        assertEquals(List.of(
                Map.of("IP", "127.0.0.1", "PrivatePort", 80, "PublicPort", 18080, "Type", "tcp"),
                Map.of("PrivatePort", 53, "Type", "udp")), ps);
    }

    @Test
    void noPortsIsAnEmptyList() {
        assertEquals(List.of(), ContainerViews.portList(null));
    }
}
