package dev.wharf.model.oci;

/** A manifest, index or config whose bytes are not the JSON document they claim to be. */
public class MalformedDocumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message names the document type and the problem */
    public MalformedDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
