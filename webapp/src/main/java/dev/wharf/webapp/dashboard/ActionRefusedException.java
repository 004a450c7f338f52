package dev.wharf.webapp.dashboard;

/** The signed-in user may not do what they asked; shown to them, recorded in the audit log as 403. */
public class ActionRefusedException extends RuntimeException {

    public ActionRefusedException(String message) {
        super(message);
    }
}
