package dev.wharf.controlplane.domain.host;

import java.util.List;

/** Where join tokens are kept. */
public interface JoinTokenRepository {

    List<JoinToken> findAll();

    void store(JoinToken token);

    void remove(JoinToken token);
}
