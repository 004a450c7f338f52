package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.domain.audit.AuditEvent;
import java.util.List;

/**
 * Writes audit events as RFC 4180 CSV. Cells that a spreadsheet would run as a formula (starting with
 * {@code = + - @}) get a leading apostrophe, so an exported log cannot attack whoever opens it.
 */
final class AuditCsv {

    private AuditCsv() {
    }

    static String write(List<AuditEvent> events) {
        StringBuilder sb = new StringBuilder("time,actor,action,target,result,source\r\n");
        for (AuditEvent e : events) {
            sb.append(cell(e.occurredAt().toString())).append(',')
                    .append(cell(e.actor())).append(',')
                    .append(cell(e.action())).append(',')
                    .append(cell(e.target())).append(',')
                    .append(e.result()).append(',')
                    .append(cell(e.sourceAddress())).append("\r\n");
        }
        return sb.toString();
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
