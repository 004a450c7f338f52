package dev.wharf.model.image;

/** An image reference (name, tag or digest) that Docker's reference grammar rejects. */
public class InvalidReferenceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message the full message; it says what is wrong and quotes the input */
    public InvalidReferenceException(String message) {
        super(message);
    }
}
