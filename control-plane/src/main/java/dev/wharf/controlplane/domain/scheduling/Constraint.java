package dev.wharf.controlplane.domain.scheduling;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One placement rule on a host's attributes, as Swarm writes them: {@code label.zone == a},
 * {@code node.hostname != h1}, {@code label.disk =~ ssd|nvme} (a full-match regular expression).
 * Attributes: {@code label.<name>} (a host label), {@code node.hostname} (also {@code hostname}),
 * {@code node.id}, {@code node.address}. A missing label equals nothing: {@code ==} and {@code =~} fail on it,
 * {@code !=} holds.
 *
 * @param attribute what is compared, e.g. {@code label.zone}
 * @param operator  {@code ==}, {@code !=} or {@code =~}
 * @param value     the value or pattern
 */
public record Constraint(String attribute, String operator, String value, Pattern pattern) {

    /**
     * Parses {@code attribute op value}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Constraint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a constraint must not be blank");
        }
        for (String op : new String[] {"==", "!=", "=~"}) {
            int at = text.indexOf(op);
            if (at > 0) {
                String attribute = text.substring(0, at).trim();
                String value = text.substring(at + 2).trim();
                if (!attribute.matches("label\\.[A-Za-z0-9][A-Za-z0-9._/-]*|node\\.(hostname|id|address)|hostname")) {
                    throw new IllegalArgumentException("'" + text + "': unknown attribute '" + attribute
                            + "' (use label.<name>, node.hostname, node.id or node.address)");
                }
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': the value is missing");
                }
                Pattern pattern = null;
                if (op.equals("=~")) {
                    try {
                        pattern = Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("'" + text + "': not a valid regular expression: "
                                + e.getDescription());
                    }
                }
                return new Constraint(attribute, op, value, pattern);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not 'attribute == value', 'attribute != value' or "
                + "'attribute =~ regex'");
    }

    /** Whether the host satisfies this rule. */
    public boolean matches(HostCandidate host) {
        String actual = switch (attribute) {
            case "node.hostname", "hostname" -> host.name();
            case "node.id" -> host.id();
            case "node.address" -> host.address();
            default -> host.labels().get(attribute.substring("label.".length()));
        };
        return switch (operator) {
            case "==" -> value.equals(actual);
            case "!=" -> !value.equals(actual);
            default -> actual != null && pattern.matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return attribute + " " + operator + " " + value;
    }
}
