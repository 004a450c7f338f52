package dev.wharf.controlplane.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void progressIsKeptPerHostAndLayerAndStreamedToListeners() throws Exception {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("h1", "node-a");
        hosts.put("h2", "node-b");
        PullJob job = new PullJob("j1", "busybox:latest", "admin", hosts);
        List<PullJob.Progress> seen = new ArrayList<>();
        job.subscribe(seen::add);

        job.started("h1");
        job.message("h1", JSON.readTree("{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}"));
        job.message("h1", JSON.readTree("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":5,\"total\":10},\"id\":\"l1\"}"));
        job.message("h1", JSON.readTree("{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"l1\"}"));
        job.succeeded("h1");
        job.failed("h2", "host 'node-b': manifest unknown");
        assertEquals("running", job.snapshot().state());
        job.finish();

        PullJob.Snapshot s = job.snapshot();
        assertEquals("partial", s.state());
        assertEquals("done", s.hosts().get(0).state());
        assertEquals(List.of(new PullJob.Layer("l1", "Pull complete", null, null)), s.hosts().get(0).layers());
        assertEquals("failed", s.hosts().get(1).state());
        assertEquals("host 'node-b': manifest unknown", s.hosts().get(1).error());

        assertEquals(new PullJob.Progress("node-a", "l1", "Downloading", 5L, 10L), seen.get(2));
        PullJob.Progress last = seen.get(seen.size() - 1);
        assertNull(last.host(), "the final event marks the end");
        assertEquals("partial", last.status());
    }
}
