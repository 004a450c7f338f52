package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.CreateContainer;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The "create a container" dialog. Checks the syntax of the fields it parses (ports, memory, CPUs, env) and
 * names each one at fault; the control plane's {@code ContainerService} then checks the rest (image reference,
 * name taken, constraints, a host that fits).
 */
public class ContainerCreateForm implements Serializable {

    static final Pattern PORT = Pattern.compile(
            "((\\d{1,3}(\\.\\d{1,3}){3}):)?((\\d{1,5}):)?(\\d{1,5})(/(tcp|udp))?");
    static final Pattern VOLUME = Pattern.compile("([^:]+:)?/[^:]*(:(ro|rw))?");
    static final Pattern MEMORY = Pattern.compile("(\\d+)([bkmg])?", Pattern.CASE_INSENSITIVE);
    static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");
    static final Pattern LABEL = Pattern.compile("[^=\\s][^=]*=.*");

    private String image;
    private String name;
    private String command;
    private String env;
    private String labels;
    private String ports;
    private String volumes;
    private String network;
    private String memory;
    private String cpus;
    private String host;
    private String constraints;
    private String restartPolicy = "no";

    /** The request for the control plane, or an {@link InvalidInputException} naming every bad field. */
    CreateContainer toRequest() {
        List<FieldError> errors = new ArrayList<>();
        List<String> cmd = List.of();
        try {
            cmd = CommandLine.split(command);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("command", e.getMessage()));
        }
        List<String> envList = CommandLine.lines(env);
        for (String e : envList) {
            if (e.indexOf('=') <= 0) {
                errors.add(new FieldError("env", "'" + e + "' is not NAME=value"));
            }
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : CommandLine.lines(labels)) {
            if (!LABEL.matcher(l).matches()) {
                errors.add(new FieldError("labels", "'" + l + "' is not key=value"));
            } else {
                labelMap.put(l.substring(0, l.indexOf('=')).trim(), l.substring(l.indexOf('=') + 1));
            }
        }
        each(errors, "ports", ports, PORT, "[host-ip:][host-port:]container-port[/tcp|udp]");
        each(errors, "volumes", volumes, VOLUME, "volume-name:/path/in/container[:ro], /host/dir:/path[:ro] or /path");
        Long memoryBytes = null;
        if (notBlank(memory)) {
            var m = MEMORY.matcher(memory.trim());
            if (m.matches()) {
                int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    default -> 0;
                };
                memoryBytes = Long.parseLong(m.group(1)) << shift;
            } else {
                errors.add(new FieldError("memory", "must be a size such as 256m or 1g"));
            }
        }
        Double cpuCount = null;
        if (notBlank(cpus)) {
            try {
                cpuCount = Double.parseDouble(cpus.trim());
                if (!(cpuCount > 0 && cpuCount <= 1024)) {
                    errors.add(new FieldError("cpus", "must be more than 0"));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("cpus", "must be a number such as 0.5 or 2"));
            }
        }
        if (notBlank(restartPolicy) && !RESTART.matcher(restartPolicy.trim()).matches()) {
            errors.add(new FieldError("restartPolicy", "must be no, always, unless-stopped or on-failure[:N]"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new CreateContainer(blankToNull(name), image == null ? null : image.trim(), cmd, envList, labelMap,
                blankToNull(host), cpuCount, memoryBytes, items(ports), items(constraints), null, null,
                blankToNull(restartPolicy), blankToNull(network), items(volumes));
    }

    private static void each(List<FieldError> errors, String field, String text, Pattern pattern, String form) {
        for (String line : CommandLine.lines(text)) {
            for (String item : line.split(",")) {
                if (!item.isBlank() && !pattern.matcher(item.trim()).matches()) {
                    errors.add(new FieldError(field, "'" + item.trim() + "' is not " + form));
                }
            }
        }
    }

    /** Comma- or line-separated entries. */
    private static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        for (String line : CommandLine.lines(text)) {
            for (String item : line.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return notBlank(s) ? s.trim() : null;
    }

    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCommand() { return command; }
    public void setCommand(String command) { this.command = command; }
    public String getEnv() { return env; }
    public void setEnv(String env) { this.env = env; }
    public String getLabels() { return labels; }
    public void setLabels(String labels) { this.labels = labels; }
    public String getPorts() { return ports; }
    public void setPorts(String ports) { this.ports = ports; }
    public String getVolumes() { return volumes; }
    public void setVolumes(String volumes) { this.volumes = volumes; }
    public String getNetwork() { return network; }
    public void setNetwork(String network) { this.network = network; }
    public String getMemory() { return memory; }
    public void setMemory(String memory) { this.memory = memory; }
    public String getCpus() { return cpus; }
    public void setCpus(String cpus) { this.cpus = cpus; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getConstraints() { return constraints; }
    public void setConstraints(String constraints) { this.constraints = constraints; }
    public String getRestartPolicy() { return restartPolicy; }
    public void setRestartPolicy(String restartPolicy) { this.restartPolicy = restartPolicy; }
}
