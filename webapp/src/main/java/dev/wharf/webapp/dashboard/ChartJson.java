package dev.wharf.webapp.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Chart.js configurations for {@code p:chart}, which takes the configuration as a JSON string. */
final class ChartJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One colour per state/category, readable on the light and the dark theme alike. */
    private static final List<String> PALETTE = List.of("#22c55e", "#3b82f6", "#f59e0b", "#ef4444", "#a855f7",
            "#14b8a6", "#64748b", "#ec4899", "#84cc16", "#0ea5e9");

    private ChartJson() {
    }

    /** A doughnut of counts by category (insertion order kept). */
    static String doughnut(Map<String, ? extends Number> counts, Map<String, String> colours) {
        ObjectNode config = JSON.createObjectNode().put("type", "doughnut");
        ObjectNode data = config.putObject("data");
        ArrayNode labels = data.putArray("labels");
        ObjectNode dataset = data.putArray("datasets").addObject();
        ArrayNode values = dataset.putArray("data");
        ArrayNode background = dataset.putArray("backgroundColor");
        int i = 0;
        for (Map.Entry<String, ? extends Number> e : counts.entrySet()) {
            labels.add(e.getKey());
            values.add(e.getValue().doubleValue());
            background.add(colours.getOrDefault(e.getKey(), PALETTE.get(i++ % PALETTE.size())));
        }
        ObjectNode options = config.putObject("options");
        options.put("animation", false).put("maintainAspectRatio", false);
        options.putObject("plugins").putObject("legend").put("position", "right");
        return write(config);
    }

    /** Horizontal bars of percentages (0..100), one per label. */
    static String percentBars(Map<String, Double> percents, String label) {
        ObjectNode config = JSON.createObjectNode().put("type", "bar");
        ObjectNode data = config.putObject("data");
        ArrayNode labels = data.putArray("labels");
        ObjectNode dataset = data.putArray("datasets").addObject().put("label", label)
                .put("backgroundColor", "#3b82f6");
        ArrayNode values = dataset.putArray("data");
        percents.forEach((k, v) -> {
            labels.add(k);
            values.add(Math.round(v * 10) / 10.0);
        });
        ObjectNode options = config.putObject("options");
        options.put("indexAxis", "y").put("animation", false).put("maintainAspectRatio", false);
        options.putObject("scales").putObject("x").put("min", 0).put("max", 100);
        return write(config);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
