package dev.wharf.daemon.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which stopped managed containers the reconciler starts again: Docker's restart policies, not "always". */
class ContainerReconcilerPolicyTest {
    @Test
    void aFinishedJobWithoutAPolicyStaysExited() {
        assertFalse(ContainerReconciler.wantsRestart(null, 0, 0));
        assertFalse(ContainerReconciler.wantsRestart("no", 1, 0));
    }

    @Test
    void alwaysAndUnlessStoppedComeBackWhateverTheExit() {
        assertTrue(ContainerReconciler.wantsRestart("always", 0, 7));
        assertTrue(ContainerReconciler.wantsRestart("unless-stopped", 137, 0));
    }

    @Test
    void onFailureOnlyAfterAFailureAndWithinItsRetries() {
        assertFalse(ContainerReconciler.wantsRestart("on-failure", 0, 0));
        assertTrue(ContainerReconciler.wantsRestart("on-failure", 2, 50));
        assertTrue(ContainerReconciler.wantsRestart("on-failure:3", 1, 2));
        assertFalse(ContainerReconciler.wantsRestart("on-failure:3", 1, 3));
    }
}
