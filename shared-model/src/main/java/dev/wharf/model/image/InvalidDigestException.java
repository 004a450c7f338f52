package dev.wharf.model.image;

/** A digest string or digest parts that do not follow the OCI digest grammar. */
public class InvalidDigestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param input   the offending input, quoted in the message
     * @param problem what is wrong with it
     */
    public InvalidDigestException(String input, String problem) {
        super("invalid digest \"" + input + "\": " + problem);
    }
}
