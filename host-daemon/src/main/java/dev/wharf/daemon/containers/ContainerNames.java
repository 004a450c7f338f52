package dev.wharf.daemon.containers;

import dev.wharf.daemon.api.ApiException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Container IDs and names: Docker's name rule and its "adjective_scientist" names when none is given. */
final class ContainerNames {
    private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LEFT = List.of("admiring", "bold", "brave", "busy", "clever", "cool", "eager",
            "elegant", "epic", "focused", "gallant", "happy", "jolly", "keen", "kind", "lucid", "modest", "nice",
            "quirky", "sharp", "stoic", "tender", "upbeat", "vibrant", "wizardly", "zen");
    private static final List<String> RIGHT = List.of("archimedes", "babbage", "curie", "darwin", "einstein", "euler",
            "fermat", "galileo", "hopper", "hypatia", "kepler", "lovelace", "newton", "noether", "pascal", "ritchie",
            "shannon", "tesla", "thompson", "turing", "wozniak");

    private ContainerNames() {
    }

    /** 64 hex chars whose 12-char short form is never all digits (it would read as a number). */
    static String newId() {
        while (true) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }

    /** The name without its slash; a 400 with docker's message if it breaks the rule. */
    static String validate(String name) {
        if (!VALID.matcher(name).matches()) {
            throw ApiException.badRequest("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    static String random(int attempt) {
        String n = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
        return attempt > 5 ? n + RANDOM.nextInt(100) : n;
    }
}
