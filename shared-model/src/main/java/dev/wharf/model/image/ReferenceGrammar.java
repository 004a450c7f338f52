package dev.wharf.model.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The regular expressions of github.com/distribution/reference (regexp.go), and a diagnosis of why an input
 * does not match them, so that users get more than "invalid reference format".
 */
final class ReferenceGrammar {

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    // one period, one or two underscores, or any number of dashes
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT_PAT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME_PAT = PATH_COMPONENT_PAT + "(?:/" + PATH_COMPONENT_PAT + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    // IPv6 in brackets; zone identifiers and IPv4-mapped forms are deliberately excluded, as in Docker
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_AND_PORT_PAT = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
    // Java's \w is ASCII-only by default, like Go's
    private static final String TAG_PAT = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST_PAT = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String NAME_PAT = "(?:" + DOMAIN_AND_PORT_PAT + "/)?" + REMOTE_NAME_PAT;

    static final Pattern PATH_COMPONENT = Pattern.compile(PATH_COMPONENT_PAT);
    static final Pattern REMOTE_NAME = Pattern.compile(REMOTE_NAME_PAT);
    static final Pattern DOMAIN_AND_PORT = Pattern.compile(DOMAIN_AND_PORT_PAT);
    static final Pattern TAG = Pattern.compile(TAG_PAT);
    static final Pattern DIGEST = Pattern.compile(DIGEST_PAT);
    static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    /** Groups: 1 name, 2 tag, 3 digest. */
    static final Pattern REFERENCE =
            Pattern.compile("(" + NAME_PAT + ")(?::(" + TAG_PAT + "))?(?:@(" + DIGEST_PAT + "))?");
    /** Groups: 1 domain (null if none), 2 path. */
    static final Pattern ANCHORED_NAME = Pattern.compile("(?:(" + DOMAIN_AND_PORT_PAT + ")/)?(" + REMOTE_NAME_PAT + ")");

    /** Far above any real reference; keeps regex matching cheap on hostile input. */
    static final int MAX_INPUT_LENGTH = 4096;

    static final String TAG_RULE =
            "a tag is 1 to 128 letters, digits, '_', '.' or '-', and must not start with '.' or '-'";

    private ReferenceGrammar() {
    }

    /** A message naming the first part of {@code s} that breaks the grammar. */
    static String explain(String s) {
        String prefix = "invalid reference format \"" + s + "\"";
        String problem = problem(s);
        return problem == null ? prefix : prefix + ": " + problem;
    }

    private static String problem(String s) {
        if (s.contains("://")) {
            return "a reference has no URL scheme; write host[:port]/repository[:tag]";
        }
        String nameAndTag = s;
        int at = s.indexOf('@');
        if (at >= 0) {
            nameAndTag = s.substring(0, at);
            String digest = s.substring(at + 1);
            if (!DIGEST.matcher(digest).matches()) {
                return "invalid digest \"" + digest + "\": expected <algorithm>:<hex>, e.g. sha256:<64 hex characters>";
            }
        }
        String name = nameAndTag;
        int colon = nameAndTag.lastIndexOf(':');
        // a tag follows the last colon only if that colon is not inside the domain ("host:port/", "[v6]")
        if (colon > Math.max(nameAndTag.lastIndexOf('/'), nameAndTag.lastIndexOf(']'))) {
            name = nameAndTag.substring(0, colon);
            String tag = nameAndTag.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                return "invalid tag \"" + tag + "\": " + TAG_RULE;
            }
        }
        if (name.isEmpty()) {
            return "repository name must have at least one component";
        }
        String[] components = name.split("/", -1);
        if (components.length == 1 && name.startsWith("[")) {
            return "a registry host must be followed by /repository";
        }
        int first = 0;
        if (components.length > 1 && looksLikeDomain(components[0])) {
            if (!DOMAIN_AND_PORT.matcher(components[0]).matches()) {
                return "\"" + components[0] + "\" is not a valid registry host[:port]";
            }
            first = 1;
        }
        for (int i = first; i < components.length; i++) {
            if (components[i].isEmpty()) {
                return "empty path component";
            }
            if (!PATH_COMPONENT.matcher(components[i]).matches()) {
                return "path component \"" + components[i] + "\" must be lowercase letters and digits,"
                        + " separated by '.', '_', '__' or dashes";
            }
        }
        return null;
    }

    private static boolean looksLikeDomain(String component) {
        return component.equals("localhost") || component.indexOf('.') >= 0 || component.indexOf(':') >= 0
                || !component.toLowerCase(Locale.ROOT).equals(component);
    }
}
